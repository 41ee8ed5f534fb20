/**
 * Where things are in a simulated camera frame. The regions are FIXED: a
 * test links register n to `SIMULATED_REGISTER_REGIONS[n - 1]` and the
 * thumbnail of that region shows that register, its clock and its band.
 */

/** Every full frame is this size (Safie's 1280×720; the thumbnail is a quarter of it each way). */
export const SIMULATED_FRAME = { width: 1280, height: 720 } as const;

/** The thumbnail's size (an assumption: Safie's is not documented). */
export const SIMULATED_THUMBNAIL = { width: 320, height: 180 } as const;

/** A part of the frame, normalised 0..1 (the domain's region). */
export type NormalisedRegion = { x: number; y: number; width: number; height: number };

/**
 * Registers 1, 2 and 3, left to right: each 384×432 px of the 1280×720
 * frame, from y = 216 px, at x = 32, 448 and 864 px.
 */
export const SIMULATED_REGISTER_REGIONS: readonly [NormalisedRegion, NormalisedRegion, NormalisedRegion] = [
  { x: 0.025, y: 0.3, width: 0.3, height: 0.6 },
  { x: 0.35, y: 0.3, width: 0.3, height: 0.6 },
  { x: 0.675, y: 0.3, width: 0.3, height: 0.6 },
];

/**
 * The band inside each register's region, in the region's own normalised
 * units: 12 × 8 cells of 26 px at full size, from (36, 216) px of the
 * 384×432 region. Cells are square at full size.
 */
export const BAND_GEOMETRY = {
  x: 36 / 384,
  y: 216 / 432,
  cellWidth: 26 / 384,
  cellHeight: 26 / 432,
  cols: 12,
  rows: 8,
} as const;

/** A region in whole pixels of an image `width` × `height`. */
export function regionPixels(region: NormalisedRegion, width: number, height: number) {
  const left = Math.round(region.x * width);
  const top = Math.round(region.y * height);
  return {
    left,
    top,
    width: Math.round((region.x + region.width) * width) - left,
    height: Math.round((region.y + region.height) * height) - top,
  };
}
