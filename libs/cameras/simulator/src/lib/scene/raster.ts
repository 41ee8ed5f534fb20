/** An RGB picture in memory, 3 bytes a pixel, row by row (sharp's raw layout). */
export type Raster = { data: Buffer; width: number; height: number };
export type Rgb = readonly [number, number, number];

/** Paints a rectangle, clipped to the picture. */
export function fillRect(raster: Raster, x: number, y: number, w: number, h: number, [r, g, b]: Rgb): void {
  const x0 = Math.max(0, Math.round(x));
  const y0 = Math.max(0, Math.round(y));
  const x1 = Math.min(raster.width, Math.round(x + w));
  const y1 = Math.min(raster.height, Math.round(y + h));
  for (let row = y0; row < y1; row++) {
    let i = (row * raster.width + x0) * 3;
    for (let col = x0; col < x1; col++) {
      raster.data[i++] = r;
      raster.data[i++] = g;
      raster.data[i++] = b;
    }
  }
}

/** Segments a..g of each character a seven-segment display shows (`-` is the middle bar, ` ` nothing). */
const SEGMENTS: Record<string, string> = {
  '0': 'abcdef',
  '1': 'bc',
  '2': 'abdeg',
  '3': 'abcdg',
  '4': 'bcfg',
  '5': 'acdfg',
  '6': 'acdefg',
  '7': 'abc',
  '8': 'abcdefg',
  '9': 'abcdfg',
  C: 'adef',
  '-': 'g',
  ' ': '',
};

/** One character in seven segments, in a box `w` × `h` at (x, y). */
export function drawSegments(raster: Raster, char: string, x: number, y: number, w: number, h: number, c: Rgb): void {
  const t = Math.max(2, Math.round(w / 6));
  const half = Math.round(h / 2);
  const bars: Record<string, [number, number, number, number]> = {
    a: [x + t, y, w - 2 * t, t],
    b: [x + w - t, y + t, t, half - t],
    c: [x + w - t, y + half, t, h - half - t],
    d: [x + t, y + h - t, w - 2 * t, t],
    e: [x, y + half, t, h - half - t],
    f: [x, y + t, t, half - t],
    g: [x + t, y + half - Math.floor(t / 2), w - 2 * t, t],
  };
  const segments = SEGMENTS[char];
  if (segments === undefined) throw new RangeError(`no seven-segment form for ${JSON.stringify(char)}`);
  for (const s of segments) fillRect(raster, ...bars[s], c);
}

/**
 * A line of seven-segment characters from (x, y): digits `w` wide with
 * `gap` between them; a `:` is two dots in a narrower cell.
 */
export function drawText(
  raster: Raster,
  text: string,
  x: number,
  y: number,
  size: { w: number; h: number; gap: number },
  colour: Rgb,
): void {
  let left = x;
  for (const char of text) {
    if (char === ':') {
      const dot = Math.max(2, Math.round(size.w / 5));
      fillRect(raster, left, y + size.h * 0.3, dot, dot, colour);
      fillRect(raster, left, y + size.h * 0.7 - dot, dot, dot, colour);
      left += dot + size.gap;
    } else {
      drawSegments(raster, char, left, y, size.w, size.h, colour);
      left += size.w + size.gap;
    }
  }
}
