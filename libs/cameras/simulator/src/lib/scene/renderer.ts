import sharp from 'sharp';
import { bandCells } from './band';
import { BAND_GEOMETRY, SIMULATED_FRAME, SIMULATED_REGISTER_REGIONS, regionPixels } from './layout';
import { drawSegments, drawText, fillRect, type Raster, type Rgb } from './raster';

/** What one frame shows: which camera, the time on its clock, and the true second of the scene. */
export type SceneFrame = {
  /** The camera's band number, 0..1023. */
  camera: number;
  /** The camera's timestamp of the frame (its clock, ms): the registers' clocks show it, in Japan time. */
  cameraTimeMs: number;
  /** The true time of the scene, epoch seconds: the bands encode it. */
  sceneSecond: number;
};

const { width: W, height: H } = SIMULATED_FRAME;
const BLACK: Rgb = [0, 0, 0];
const WHITE: Rgb = [255, 255, 255];
const INK: Rgb = [40, 40, 40];
const CLOCK: Rgb = [76, 255, 122];
const JST_MS = 9 * 3_600_000;

/** Where each register's parts are, in its region's pixels (384 × 432 at full size). */
const REGISTER = {
  body: { x: 12, y: 8, w: 360, h: 192 },
  plate: { x: 28, y: 28, w: 64, h: 100 },
  digit: { x: 40, y: 40, w: 40, h: 76 },
  screen: { x: 108, y: 28, w: 248, h: 100 },
  clock: { x: 118, y: 50, size: { w: 28, h: 56, gap: 6 } },
  panel: { x: 24, y: 206, w: 336, h: 222 },
};

const regions = SIMULATED_REGISTER_REGIONS.map((r) => regionPixels(r, W, H));

/** The shop without anything that changes: wall, counter, the three registers' bodies, keypads and band panels. */
function backgroundSvg(): string {
  const registers = regions
    .map(({ left, top }) => {
      const at = (p: { x: number; y: number }) => `x="${left + p.x}" y="${top + p.y}"`;
      const keys = Array.from({ length: 12 }, (_, k) => {
        const x = left + 108 + (k % 6) * 40;
        const y = top + 140 + Math.floor(k / 6) * 28;
        return `<rect x="${x}" y="${y}" width="34" height="22" rx="3" fill="#9aa0a6"/>`;
      }).join('');
      const { body, plate, screen, panel } = REGISTER;
      return (
        `<rect ${at(body)} width="${body.w}" height="${body.h}" rx="14" fill="#3a3f44"/>` +
        `<rect ${at(plate)} width="${plate.w}" height="${plate.h}" rx="6" fill="#f2c14e"/>` +
        `<rect ${at(screen)} width="${screen.w}" height="${screen.h}" rx="4" fill="#0b1a10"/>` +
        keys +
        `<rect ${at(panel)} width="${panel.w}" height="${panel.h}" fill="#ffffff"/>`
      );
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">` +
    `<defs><linearGradient id="wall" x1="0" y1="0" x2="0" y2="1">` +
    `<stop offset="0" stop-color="#efe9d8"/><stop offset="1" stop-color="#d2c8ae"/></linearGradient></defs>` +
    `<rect width="${W}" height="${H}" fill="url(#wall)"/>` +
    `<rect x="0" y="150" width="${W}" height="10" fill="#b9ad8f"/>` +
    `<rect x="0" y="520" width="${W}" height="200" fill="#8d6e63"/>` +
    `<rect x="0" y="520" width="${W}" height="14" fill="#6d4c41"/>` +
    registers +
    `</svg>`
  );
}

let background: Promise<Buffer> | undefined;

/** Rendered once per process: every frame starts from a copy of it. */
function backgroundPixels(): Promise<Buffer> {
  background ??= sharp(Buffer.from(backgroundSvg())).removeAlpha().raw().toBuffer();
  return background;
}

function paint(raster: Raster, frame: SceneFrame): void {
  const cameraSecond = Math.floor(frame.cameraTimeMs / 1000);
  const jst = new Date(cameraSecond * 1000 + JST_MS).toISOString();
  const big = { w: 30, h: 54, gap: 8 };
  drawText(raster, `C${String(frame.camera).padStart(4, '0')}`, 40, 40, big, INK);
  drawText(raster, jst.slice(0, 10), 860, 40, big, INK);
  regions.forEach(({ left, top, width, height }, i) => {
    const register = i + 1;
    const { digit, clock } = REGISTER;
    drawSegments(raster, String(register), left + digit.x, top + digit.y, digit.w, digit.h, BLACK);
    drawText(raster, jst.slice(11, 19), left + clock.x, top + clock.y, clock.size, CLOCK);
    const cells = bandCells({ camera: frame.camera, register, epochSecond: frame.sceneSecond });
    const cw = BAND_GEOMETRY.cellWidth * width;
    const ch = BAND_GEOMETRY.cellHeight * height;
    const x0 = left + BAND_GEOMETRY.x * width;
    const y0 = top + BAND_GEOMETRY.y * height;
    cells.forEach((row, r) =>
      row.forEach((black, c) => fillRect(raster, x0 + c * cw, y0 + r * ch, cw, ch, black ? BLACK : WHITE)),
    );
  });
}

/**
 * Draws the simulated shop for any camera time: deterministic (the same
 * frame gives the same pixels and the same JPEG bytes). The background is
 * rendered once; a frame copies it, paints the clocks and bands (plain
 * rectangles) and encodes; recent JPEGs are kept (a camera asked for the
 * same second twice, or a thumbnail and its full frame, encodes once).
 */
export class SceneRenderer {
  private readonly cache = new Map<string, Promise<Buffer>>();

  constructor(private readonly options: { cacheSize?: number } = {}) {}

  /** The frame as RGB pixels, 1280 × 720. */
  async raster(frame: SceneFrame): Promise<Raster> {
    const raster = { data: Buffer.from(await backgroundPixels()), width: W, height: H };
    paint(raster, frame);
    return raster;
  }

  /** The frame as a JPEG (quality default 80), downscaled to `width` when given. */
  jpeg(frame: SceneFrame, options: { quality?: number; width?: number } = {}): Promise<Buffer> {
    const quality = options.quality ?? 80;
    const key = `${frame.camera}|${Math.floor(frame.cameraTimeMs / 1000)}|${frame.sceneSecond}|${quality}|${options.width ?? W}`;
    const cached = this.cache.get(key);
    if (cached) {
      this.cache.delete(key);
      this.cache.set(key, cached);
      return cached;
    }
    const made = this.raster(frame).then((raster) => {
      const image = sharp(raster.data, { raw: { width: W, height: H, channels: 3 } });
      if (options.width !== undefined) image.resize({ width: options.width });
      return image.jpeg({ quality }).toBuffer();
    });
    // A failed render is not kept.
    made.catch(() => this.cache.delete(key));
    this.cache.set(key, made);
    const limit = this.options.cacheSize ?? 64;
    while (this.cache.size > limit) this.cache.delete(this.cache.keys().next().value as string);
    return made;
  }
}
