import sharp, { type ResizeOptions } from 'sharp';
import { RegisterBandError, decodeFrameBands, decodeRegisterBand } from '../../testing/decode';
import { bandCells, readBandCells } from './band';
import { SIMULATED_FRAME, SIMULATED_REGISTER_REGIONS, regionPixels } from './layout';
import { SceneRenderer } from './renderer';

const renderer = new SceneRenderer();
const { width: W, height: H } = SIMULATED_FRAME;

/** A thumbnailer's work: crop the region of register n, resize, encode again. */
async function thumbnailOf(jpeg: Buffer, register: number, resize: ResizeOptions, quality = 60) {
  return sharp(jpeg)
    .extract(regionPixels(SIMULATED_REGISTER_REGIONS[register - 1], W, H))
    .resize(resize)
    .jpeg({ quality })
    .toBuffer();
}

describe('the register band', () => {
  // Several cameras, clock offsets either way, seconds across a day and a year.
  const cases = [
    { camera: 1, offsetMs: 0, sceneSecond: Date.parse('2026-12-01T00:00:00Z') / 1000 },
    { camera: 2, offsetMs: 2_500, sceneSecond: Date.parse('2026-12-01T09:59:59Z') / 1000 },
    { camera: 37, offsetMs: -7_000, sceneSecond: Date.parse('2027-03-31T14:15:16Z') / 1000 },
    { camera: 1023, offsetMs: 3_600_000, sceneSecond: 0xfffffff0 },
  ];

  it.each(cases)(
    'reads camera $camera at its scene second from every register, cropped and downscaled',
    async ({ camera, offsetMs, sceneSecond }) => {
      const frame = { camera, cameraTimeMs: sceneSecond * 1000 + offsetMs, sceneSecond };
      for (const quality of [60, 75, 90]) {
        const jpeg = await renderer.jpeg(frame, { quality });
        const { width, height } = await sharp(jpeg).metadata();
        expect([width, height]).toEqual([W, H]);
        for (const register of [1, 2, 3]) {
          for (const resize of [{ width: 320, height: 180, fit: 'inside' as const }, { width: 160 }, { width: 384 }]) {
            expect(await decodeRegisterBand(await thumbnailOf(jpeg, register, resize))).toEqual({
              camera,
              register,
              epochSecond: sceneSecond,
            });
          }
        }
      }
    },
  );

  it('reads a PNG crop at full size, and a crop a few pixels off', async () => {
    const frame = { camera: 5, cameraTimeMs: 1_800_000_000_000, sceneSecond: 1_800_000_000 };
    const jpeg = await renderer.jpeg(frame, { quality: 70 });
    const exact = regionPixels(SIMULATED_REGISTER_REGIONS[1], W, H);
    const png = await sharp(jpeg).extract(exact).png().toBuffer();
    const off = await sharp(jpeg)
      .extract({ ...exact, left: exact.left + 6, top: exact.top - 5 })
      .resize({ width: 200 })
      .jpeg({ quality: 60 })
      .toBuffer();

    expect(await decodeRegisterBand(png)).toEqual({ camera: 5, register: 2, epochSecond: 1_800_000_000 });
    expect(await decodeRegisterBand(off)).toEqual({ camera: 5, register: 2, epochSecond: 1_800_000_000 });
  });

  it('reads all three registers of a whole frame and of its 320 × 180 thumbnail', async () => {
    const frame = { camera: 12, cameraTimeMs: 1_790_000_123_456, sceneSecond: 1_790_000_100 };
    const full = await renderer.jpeg(frame, { quality: 60 });
    const thumbnail = await renderer.jpeg(frame, { quality: 60, width: 320 });

    for (const image of [full, thumbnail]) {
      expect(await decodeFrameBands(image)).toEqual(
        [1, 2, 3].map((register) => ({ camera: 12, register, epochSecond: 1_790_000_100 })),
      );
    }
  });

  it('gives each register its own band: a crop of another register reads as that register', async () => {
    const frame = { camera: 3, cameraTimeMs: 1_790_000_000_000, sceneSecond: 1_790_000_000 };
    const jpeg = await renderer.jpeg(frame);

    const read = await Promise.all(
      [3, 1, 2].map(async (register) => decodeRegisterBand(await thumbnailOf(jpeg, register, { width: 160 }))),
    );

    expect(read.map((band) => band.register)).toEqual([3, 1, 2]);
  });

  it('refuses what is not a band: a corrupt or truncated JPEG, a picture without a band, a misread', async () => {
    const jpeg = await renderer.jpeg({ camera: 1, cameraTimeMs: 1_790_000_000_000, sceneSecond: 1_790_000_000 });
    const grey = await sharp({ create: { width: 384, height: 432, channels: 3, background: '#808080' } })
      .jpeg()
      .toBuffer();
    const wall = await sharp(jpeg).extract({ left: 0, top: 0, width: 384, height: 200 }).jpeg().toBuffer();

    const reasons = await Promise.all(
      [Buffer.from('not a picture'), jpeg.subarray(0, jpeg.length / 2), grey, wall].map((image) =>
        decodeRegisterBand(image).then(
          () => 'read',
          (e: RegisterBandError) => e.reason,
        ),
      ),
    );

    expect(reasons).toEqual(['unreadable-image', 'unreadable-image', 'no-band', 'no-band']);
    const cells = bandCells({ camera: 9, register: 2, epochSecond: 1_790_000_000 });
    cells[3][4] = !cells[3][4];
    expect(readBandCells(cells)).toEqual({ problem: 'checksum', detail: expect.stringMatching(/checksum/) });
  });

  it('draws the same frame byte for byte every time, and another second differently', async () => {
    const frame = { camera: 4, cameraTimeMs: 1_790_000_000_900, sceneSecond: 1_790_000_000 };
    const fresh = new SceneRenderer({ cacheSize: 0 });

    const [a, b] = [await fresh.jpeg(frame), await fresh.jpeg(frame)];
    const next = await fresh.jpeg({ ...frame, cameraTimeMs: frame.cameraTimeMs + 1000 });

    expect(a.equals(b)).toBe(true);
    expect(a.equals(next)).toBe(false);
  });

  it('refuses a band it cannot encode', () => {
    expect(() => bandCells({ camera: 1024, register: 1, epochSecond: 0 })).toThrow(/camera number must be 0..1023/);
    expect(() => bandCells({ camera: 1, register: 4, epochSecond: 0 })).toThrow(/register must be 1, 2 or 3/);
    expect(() => bandCells({ camera: 1, register: 1, epochSecond: -1 })).toThrow(/epoch second/);
  });
});
