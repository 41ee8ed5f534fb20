/**
 * The part of a camera picture that shows one register, in coordinates
 * normalised to the picture: 0..1 from the left and from the top, so that
 * it holds whatever the camera's resolution.
 */
export type Region = { x: number; y: number; width: number; height: number };

export type RegionProblem = { field: keyof Region | 'region'; message: string };

/** The whole picture: what a link without a region shows. */
export const WHOLE_PICTURE: Region = { x: 0, y: 0, width: 1, height: 1 };

/**
 * Checks a region and names every field that is wrong. An empty list means
 * the region is valid: inside the picture and not empty.
 */
export function regionProblems(region: Region): RegionProblem[] {
  const problems: RegionProblem[] = [];
  for (const field of ['x', 'y', 'width', 'height'] as const) {
    const value = region[field];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      problems.push({ field, message: `${field} must be a number between 0 and 1` });
    } else if (value < 0 || value > 1) {
      problems.push({ field, message: `${field} must be between 0 and 1, was ${value}` });
    }
  }
  if (problems.length > 0) return problems;
  if (region.width === 0 || region.height === 0) {
    problems.push({ field: 'region', message: 'the region must not be empty (width and height above 0)' });
  }
  if (region.x + region.width > 1 + 1e-9) {
    problems.push({ field: 'width', message: 'x + width must not go past the right edge (1)' });
  }
  if (region.y + region.height > 1 + 1e-9) {
    problems.push({ field: 'height', message: 'y + height must not go past the bottom edge (1)' });
  }
  return problems;
}

/** The region in pixels of a picture of the given size, at least one pixel each way. */
export function regionInPixels(
  region: Region,
  picture: { width: number; height: number },
): { left: number; top: number; width: number; height: number } {
  const left = Math.min(picture.width - 1, Math.floor(region.x * picture.width));
  const top = Math.min(picture.height - 1, Math.floor(region.y * picture.height));
  const right = Math.min(picture.width, Math.ceil((region.x + region.width) * picture.width));
  const bottom = Math.min(picture.height, Math.ceil((region.y + region.height) * picture.height));
  return { left, top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) };
}
