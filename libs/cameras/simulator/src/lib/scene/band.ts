import { BAND_GEOMETRY } from './layout';

/**
 * The machine-readable band drawn in each register's region: what a
 * thumbnail of that region shows, readable after JPEG and downscaling.
 *
 * Format (12 × 8 cells, black = 1):
 * - a frame: the top row alternates black and white (the timing row, which
 *   also gives the reader its black and white levels); the bottom row and
 *   the left and right columns are black;
 * - inside, 10 × 6 = 60 data cells, row by row: camera (10 bits, 0..1023),
 *   register (2 bits, 1..3), the scene's epoch second (32 bits, unsigned,
 *   true time: valid until 2106), then CRC-16/CCITT-FALSE (16 bits) of the
 *   first 44 bits packed big-endian into 6 bytes;
 * - the 60 data bits are XORed with a fixed mask (`WHITENING`), so that no
 *   payload draws a plain block and an all-black or all-white area never
 *   passes the checksum.
 */
export type RegisterBand = { camera: number; register: number; epochSecond: number };

export const BAND_CAMERA_MAX = 1023;
const DATA_COLS = BAND_GEOMETRY.cols - 2;
const DATA_ROWS = BAND_GEOMETRY.rows - 2;
const DATA_BITS = DATA_COLS * DATA_ROWS;
const PAYLOAD_BITS = 44;

/** 60 bits from a 16-bit Galois LFSR (taps 0xB400, seed 0xACE1): fixed forever, it is part of the format. */
const WHITENING: readonly number[] = (() => {
  const bits: number[] = [];
  let state = 0xace1;
  for (let i = 0; i < DATA_BITS; i++) {
    const out = state & 1;
    state >>= 1;
    if (out) state ^= 0xb400;
    bits.push(out);
  }
  return bits;
})();

function crc16(bytes: number[]): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

function pushBits(bits: number[], value: number, width: number): void {
  for (let i = width - 1; i >= 0; i--) bits.push(Math.floor(value / 2 ** i) % 2);
}

function valueOf(bits: number[], from: number, width: number): number {
  return bits.slice(from, from + width).reduce((v, b) => v * 2 + b, 0);
}

function checksumOf(payload: number[]): number {
  const bytes: number[] = [];
  for (let i = 0; i < 48; i += 8) bytes.push(valueOf([...payload, 0, 0, 0, 0], i, 8));
  return crc16(bytes);
}

/** Whether the frame cell (col, row) is black whatever the payload; undefined for a data cell. */
export function frameCell(col: number, row: number): boolean | undefined {
  if (row === 0) return col % 2 === 0;
  if (row === BAND_GEOMETRY.rows - 1 || col === 0 || col === BAND_GEOMETRY.cols - 1) return true;
  return undefined;
}

/** The cells of a band, `[row][col]`, true for black. */
export function bandCells(band: RegisterBand): boolean[][] {
  const { camera, register, epochSecond } = band;
  if (!Number.isInteger(camera) || camera < 0 || camera > BAND_CAMERA_MAX) {
    throw new RangeError(`the band's camera number must be 0..${BAND_CAMERA_MAX}, not ${camera}`);
  }
  if (!Number.isInteger(register) || register < 1 || register > 3) {
    throw new RangeError(`the band's register must be 1, 2 or 3, not ${register}`);
  }
  if (!Number.isInteger(epochSecond) || epochSecond < 0 || epochSecond > 0xffffffff) {
    throw new RangeError(`the band's epoch second must be 0..2^32-1, not ${epochSecond}`);
  }
  const bits: number[] = [];
  pushBits(bits, camera, 10);
  pushBits(bits, register, 2);
  pushBits(bits, epochSecond, 32);
  pushBits(bits, checksumOf(bits), 16);
  return Array.from({ length: BAND_GEOMETRY.rows }, (_, row) =>
    Array.from({ length: BAND_GEOMETRY.cols }, (_, col) => {
      const fixed = frameCell(col, row);
      if (fixed !== undefined) return fixed;
      const i = (row - 1) * DATA_COLS + (col - 1);
      return (bits[i] ^ WHITENING[i]) === 1;
    }),
  );
}

/** Why a band could not be read. */
export type BandMisread = { problem: 'no-band' | 'checksum'; detail: string };

/**
 * Reads a band from its cells as seen (`[row][col]`, true for black). The
 * frame must match (up to `frameErrors` cells wrong, JPEG being lossy); the
 * checksum must match exactly.
 */
export function readBandCells(cells: boolean[][], frameErrors = 2): RegisterBand | BandMisread {
  let wrong = 0;
  const bits: number[] = [];
  for (let row = 0; row < BAND_GEOMETRY.rows; row++) {
    for (let col = 0; col < BAND_GEOMETRY.cols; col++) {
      const fixed = frameCell(col, row);
      if (fixed === undefined) {
        const i = (row - 1) * DATA_COLS + (col - 1);
        bits[i] = (cells[row][col] ? 1 : 0) ^ WHITENING[i];
      } else if (fixed !== cells[row][col]) {
        wrong++;
      }
    }
  }
  if (wrong > frameErrors) {
    return { problem: 'no-band', detail: `${wrong} of the band's frame cells are not where the format puts them` };
  }
  const payload = bits.slice(0, PAYLOAD_BITS);
  if (checksumOf(payload) !== valueOf(bits, PAYLOAD_BITS, 16)) {
    return { problem: 'checksum', detail: "the band's checksum does not match its contents (a misread)" };
  }
  const register = valueOf(bits, 10, 2);
  if (register < 1) return { problem: 'checksum', detail: 'the band names register 0, which no band holds' };
  return { camera: valueOf(bits, 0, 10), register, epochSecond: valueOf(bits, 12, 32) };
}
