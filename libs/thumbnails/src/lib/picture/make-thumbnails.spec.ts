import { SIMULATED_REGISTER_REGIONS, SceneRenderer } from '@regicam/cameras/simulator';
import { decodeRegisterBand } from '@regicam/cameras/simulator/testing';
import sharp from 'sharp';
import { PictureError, THUMBNAIL_SIZES, configureSharp, makeThumbnails } from './make-thumbnails';

const renderer = new SceneRenderer();
const SECOND = 1_800_000_123;
const frameOf = (camera: number, second = SECOND) =>
  renderer.jpeg({ camera, cameraTimeMs: second * 1000 + 2_500, sceneSecond: second });

async function refusal(promise: Promise<unknown>): Promise<PictureError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof PictureError)) throw new Error(`expected a PictureError, got ${String(error)}`);
  return error;
}

describe('makeThumbnails', () => {
  beforeAll(() => configureSharp());

  it.each([1, 2, 3])('cuts register %i out of a frame, and both sizes show that register and second', async (n) => {
    const made = await makeThumbnails(await frameOf(42), SIMULATED_REGISTER_REGIONS[n - 1]);
    // The region is 384 × 432 px of 1280 × 720: fit inside 640 × 360 is 320 × 360, inside 320 × 180 is 160 × 180.
    expect(made['2x']).toMatchObject({ width: 320, height: 360 });
    expect(made['1x']).toMatchObject({ width: 160, height: 180 });
    for (const size of ['1x', '2x'] as const) {
      expect(await decodeRegisterBand(made[size].data)).toEqual({ camera: 42, register: n, epochSecond: SECOND });
      expect(await sharp(made[size].data).metadata()).toMatchObject({
        format: 'jpeg',
        width: made[size].width,
        height: made[size].height,
      });
    }
  });

  it('makes the whole picture when there is no region: 640 × 360 and 320 × 180 of a 1280 × 720 frame', async () => {
    const made = await makeThumbnails(await frameOf(5), null);
    expect(made['2x']).toMatchObject(THUMBNAIL_SIZES['2x']);
    expect(made['1x']).toMatchObject(THUMBNAIL_SIZES['1x']);
    expect(made.source).toEqual({ width: 1280, height: 720, cut: { left: 0, top: 0, width: 1280, height: 720 } });
  });

  it('gives the same bytes for the same picture and region (the blob put is then a no-op)', async () => {
    const frame = await frameOf(9);
    const [a, b] = await Promise.all([
      makeThumbnails(frame, SIMULATED_REGISTER_REGIONS[1]),
      makeThumbnails(frame, SIMULATED_REGISTER_REGIONS[1]),
    ]);
    expect(a['1x'].data.equals(b['1x'].data)).toBe(true);
    expect(a['2x'].data.equals(b['2x'].data)).toBe(true);
  });

  it.each([
    [6, 270],
    [8, 90],
    [3, 180],
  ])('turns a picture by its EXIF orientation %i before cutting the region', async (orientation, turned) => {
    // The camera stored the pixels turned and says so in EXIF: the region is of the picture as shown.
    const stored = await sharp(await frameOf(77))
      .rotate(turned)
      .withMetadata({ orientation })
      .jpeg({ quality: 90 })
      .toBuffer();
    const made = await makeThumbnails(stored, SIMULATED_REGISTER_REGIONS[2]);
    expect(made.source).toMatchObject({ width: 1280, height: 720 });
    expect(await decodeRegisterBand(made['1x'].data)).toEqual({ camera: 77, register: 3, epochSecond: SECOND });
  });

  it('keeps no metadata: no EXIF (orientation, GPS), no ICC profile, no XMP', async () => {
    const tagged = await sharp(await frameOf(3))
      .withMetadata({ orientation: 1 })
      .withExif({ IFD0: { Copyright: 'camera vendor', Artist: 'someone' } })
      .keepIccProfile()
      .jpeg()
      .toBuffer();
    expect((await sharp(tagged).metadata()).exif).toBeDefined();
    const made = await makeThumbnails(tagged, null);
    for (const size of ['1x', '2x'] as const) {
      const meta = await sharp(made[size].data).metadata();
      expect([meta.exif, meta.icc, meta.xmp, meta.orientation]).toEqual([undefined, undefined, undefined, undefined]);
      expect(meta.hasProfile).toBe(false);
    }
  });

  it('never enlarges a picture smaller than the thumbnail', async () => {
    const small = await sharp(await frameOf(4))
      .resize(200, 100, { fit: 'fill' })
      .jpeg()
      .toBuffer();
    const made = await makeThumbnails(small, null);
    expect(made['2x']).toMatchObject({ width: 200, height: 100 });
    expect(made['1x']).toMatchObject({ width: 200, height: 100 });
  });

  it('refuses a corrupt JPEG as corrupt_image', async () => {
    // What the camera simulator sends for nextCorruptJpeg: a JPEG start marker and garbage.
    const corrupt = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2048, 0x5a)]);
    expect((await refusal(makeThumbnails(corrupt, null))).reason).toBe('corrupt_image');
    expect((await refusal(makeThumbnails(Buffer.from('not a picture'), null))).reason).toBe('corrupt_image');
  });

  it('refuses a truncated JPEG as corrupt_image, though its header reads', async () => {
    const frame = await frameOf(8);
    const truncated = frame.subarray(0, Math.floor(frame.length / 2));
    expect((await sharp(truncated).metadata()).width).toBe(1280);
    const error = await refusal(makeThumbnails(truncated, SIMULATED_REGISTER_REGIONS[0]));
    expect(error.reason).toBe('corrupt_image');
    expect(error.message).toMatch(/cannot be decoded/);
  });

  it('refuses a picture that is not a JPEG as corrupt_image', async () => {
    const png = await sharp(await frameOf(8))
      .png()
      .toBuffer();
    const error = await refusal(makeThumbnails(png, null));
    expect(error).toMatchObject({ reason: 'corrupt_image', message: 'the picture is png, not a JPEG' });
  });

  it('refuses a huge picture as image_too_large before decoding it (a small file declaring many pixels)', async () => {
    const huge = await sharp({ create: { width: 8000, height: 6000, channels: 3, background: '#777' } })
      .jpeg()
      .toBuffer();
    expect(huge.length).toBeLessThan(1024 * 1024);
    const error = await refusal(makeThumbnails(huge, null));
    expect(error.reason).toBe('image_too_large');
    // Within a raised limit the same picture is made.
    const made = await makeThumbnails(huge, null, { maxInputPixels: 8000 * 6000, maxInputBytes: 1024 * 1024 });
    expect(made['1x']).toMatchObject({ width: 240, height: 180 });
  });

  it('refuses a picture over the byte limit as image_too_large', async () => {
    const frame = await frameOf(1);
    const error = await refusal(makeThumbnails(frame, null, { maxInputPixels: 4096 * 4096, maxInputBytes: 1000 }));
    expect(error).toMatchObject({ reason: 'image_too_large' });
    expect(error.message).toBe(`the picture has ${frame.length} bytes, more than the limit of 1000`);
  });
});
