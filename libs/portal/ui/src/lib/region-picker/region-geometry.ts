/** A part of a picture, normalised: 0..1 of its width and height from the top left. */
export type Region = { x: number; y: number; width: number; height: number };

export type Point = { x: number; y: number };

/** The smallest side a region may have (2 % of the picture): a click is not a region. */
export const MIN_SIDE = 0.02;

/** One arrow key press moves or resizes by 1 % of the picture. */
export const KEY_STEP = 0.01;

/** Where a keyboard user starts when there is no region yet: the middle half of the picture. */
export const START_REGION: Region = { x: 0.25, y: 0.25, width: 0.5, height: 0.5 };

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

/** Four decimals are finer than any camera's pixels, and keep the stored numbers short. */
const round = (v: number): number => Math.round(v * 10_000) / 10_000;

/** The point of a pointer event inside a box on screen, normalised and held inside the box. */
export function pointIn(
  box: { left: number; top: number; width: number; height: number },
  x: number,
  y: number,
): Point {
  return {
    x: box.width > 0 ? clamp01((x - box.left) / box.width) : 0,
    y: box.height > 0 ? clamp01((y - box.top) / box.height) : 0,
  };
}

/** The rectangle spanned by two corners, in any drag direction. */
export function spanned(a: Point, b: Point): Region {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(a.x - b.x), height: Math.abs(a.y - b.y) };
}

/** Whether a dragged rectangle is big enough to be a region (else it was a click). */
export const isRegion = (r: Region): boolean => r.width >= MIN_SIDE && r.height >= MIN_SIDE;

/**
 * The region as the API takes it: inside the picture (0 ≤ x, x + width ≤ 1,
 * and so for y), sides at least MIN_SIDE, numbers to four decimals.
 */
export function normalised(r: Region): Region {
  const width = Math.min(1, Math.max(MIN_SIDE, r.width));
  const height = Math.min(1, Math.max(MIN_SIDE, r.height));
  const x = Math.min(1 - width, Math.max(0, r.x));
  const y = Math.min(1 - height, Math.max(0, r.y));
  return { x: round(x), y: round(y), width: round(width), height: round(height) };
}

/** Moved by (dx, dy), stopping at the picture's edges with its size kept. */
export function moved(r: Region, dx: number, dy: number): Region {
  return normalised({ ...r, x: r.x + dx, y: r.y + dy });
}

/** Resized from its top-left corner by (dw, dh), never past the edges nor below MIN_SIDE. */
export function resized(r: Region, dw: number, dh: number): Region {
  return normalised({ ...r, width: Math.min(1 - r.x, r.width + dw), height: Math.min(1 - r.y, r.height + dh) });
}

const ARROWS: Record<string, Point> = {
  ArrowLeft: { x: -1, y: 0 },
  ArrowRight: { x: 1, y: 0 },
  ArrowUp: { x: 0, y: -1 },
  ArrowDown: { x: 0, y: 1 },
};

/**
 * What a key does to the region: an arrow moves it (with Shift: resizes
 * it), starting from START_REGION when there is none; Delete or Backspace
 * removes it (null: the whole picture). `undefined`: the key is not ours.
 */
export function afterKey(r: Region | null, key: string, shift: boolean): Region | null | undefined {
  if (key === 'Delete' || key === 'Backspace') return null;
  const arrow = ARROWS[key];
  if (!arrow) return undefined;
  if (!r) return START_REGION;
  return shift ? resized(r, arrow.x * KEY_STEP, arrow.y * KEY_STEP) : moved(r, arrow.x * KEY_STEP, arrow.y * KEY_STEP);
}
