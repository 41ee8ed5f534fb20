import sharp from 'sharp';
import { readBandCells, type BandMisread, type RegisterBand } from '../lib/scene/band';
import { BAND_GEOMETRY, SIMULATED_REGISTER_REGIONS, regionPixels } from '../lib/scene/layout';

/** A picture in which no band could be read, and why. */
export class RegisterBandError extends Error {
  constructor(
    /** `unreadable-image`: not a JPEG or PNG sharp can decode (corrupt, truncated); `no-band`: no band where the format puts it; `checksum`: a band, misread. */
    readonly reason: 'unreadable-image' | 'no-band' | 'checksum',
    message: string,
  ) {
    super(message);
    this.name = 'RegisterBandError';
  }
}

type Grey = { data: Buffer; width: number; height: number; channels: number };
type Rect = { left: number; top: number; width: number; height: number };

/** The smallest cell the reader trusts, in pixels (a 160 px crop has 10.8 px cells, a 320 × 180 thumbnail 6.5 px). */
const MIN_CELL_PX = 4;
/** Shifts of the sampling grid tried in turn, in cells: a crop a few pixels off still reads. */
const SHIFTS = [0, -0.15, 0.15, -0.3, 0.3, -0.45, 0.45]
  .flatMap((dx) => [0, -0.15, 0.15, -0.3, 0.3, -0.45, 0.45].map((dy) => [dx, dy] as const))
  .sort((a, b) => Math.abs(a[0]) + Math.abs(a[1]) - Math.abs(b[0]) - Math.abs(b[1]));

async function greyOf(image: Buffer): Promise<Grey> {
  try {
    const { data, info } = await sharp(image).greyscale().raw().toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, channels: info.channels };
  } catch {
    throw new RegisterBandError('unreadable-image', 'the picture is not a JPEG or PNG that can be decoded');
  }
}

/** The mean grey of a box around (cx, cy) of half-size h, clipped to the picture. */
function mean(img: Grey, cx: number, cy: number, h: number): number {
  const x0 = Math.max(0, Math.floor(cx - h));
  const x1 = Math.min(img.width, Math.max(x0 + 1, Math.ceil(cx + h)));
  const y0 = Math.max(0, Math.floor(cy - h));
  const y1 = Math.min(img.height, Math.max(y0 + 1, Math.ceil(cy + h)));
  let sum = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += img.data[(y * img.width + x) * img.channels];
  return sum / Math.max(1, (x1 - x0) * (y1 - y0));
}

/** The band of a register's region `rect`, sampled with the grid shifted by (dx, dy) cells. */
function readAt(img: Grey, rect: Rect, dx: number, dy: number): RegisterBand | BandMisread {
  const cw = BAND_GEOMETRY.cellWidth * rect.width;
  const ch = BAND_GEOMETRY.cellHeight * rect.height;
  const half = Math.max(0.5, Math.min(cw, ch) / 4);
  const levels = Array.from({ length: BAND_GEOMETRY.rows }, (_, row) =>
    Array.from({ length: BAND_GEOMETRY.cols }, (_, col) =>
      mean(
        img,
        rect.left + BAND_GEOMETRY.x * rect.width + (col + 0.5 + dx) * cw,
        rect.top + BAND_GEOMETRY.y * rect.height + (row + 0.5 + dy) * ch,
        half,
      ),
    ),
  );
  const timing = levels[0];
  const black = timing.filter((_, col) => col % 2 === 0);
  const white = timing.filter((_, col) => col % 2 === 1);
  const [b, w] = [black, white].map((v) => v.reduce((s, x) => s + x, 0) / v.length);
  if (w - b < 50) {
    return { problem: 'no-band', detail: 'no black and white timing cells where the band starts' };
  }
  const threshold = (b + w) / 2;
  return readBandCells(levels.map((row) => row.map((level) => level < threshold)));
}

function readRegion(img: Grey, rect: Rect): RegisterBand {
  const cell = Math.min(BAND_GEOMETRY.cellWidth * rect.width, BAND_GEOMETRY.cellHeight * rect.height);
  if (cell < MIN_CELL_PX) {
    throw new RegisterBandError(
      'no-band',
      `the region is ${rect.width}×${rect.height} px: too small to read a band (cells under ${MIN_CELL_PX} px)`,
    );
  }
  let misread: BandMisread | undefined;
  for (const [dx, dy] of SHIFTS) {
    const got = readAt(img, rect, dx, dy);
    if (!('problem' in got)) return got;
    // A checksum failure says more than a missing frame: keep it to report.
    if (!misread || got.problem === 'checksum') misread = got;
  }
  const found = misread ?? { problem: 'no-band', detail: 'no band' };
  throw new RegisterBandError(found.problem, `no register band could be read: ${found.detail}`);
}

/**
 * Which register of which camera at which second a picture of ONE
 * register's region shows: a crop of `SIMULATED_REGISTER_REGIONS[n]` of a
 * simulated frame, at any size from about 100 px wide up to full size
 * (aspect kept), JPEG or PNG. Throws RegisterBandError when no band can be
 * read; never a wrong answer without the checksum agreeing.
 */
export async function decodeRegisterBand(image: Buffer): Promise<RegisterBand> {
  const img = await greyOf(image);
  return readRegion(img, { left: 0, top: 0, width: img.width, height: img.height });
}

/** The three registers' bands of a WHOLE simulated frame (full size or a thumbnail down to 320 × 180), registers 1..3 in order. */
export async function decodeFrameBands(image: Buffer): Promise<RegisterBand[]> {
  const img = await greyOf(image);
  return SIMULATED_REGISTER_REGIONS.map((region) => readRegion(img, regionPixels(region, img.width, img.height)));
}
