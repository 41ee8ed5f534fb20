import { regionInPixels, type Region } from '@regicam/domain';
import sharp, { type Sharp } from 'sharp';

/** The two sizes of every thumbnail: each fits inside its box, aspect kept, never enlarged. */
export const THUMBNAIL_SIZES = {
  '1x': { width: 320, height: 180 },
  '2x': { width: 640, height: 360 },
} as const;
export type ThumbnailScale = keyof typeof THUMBNAIL_SIZES;

/** The JPEG quality of every thumbnail: fixed, so the same picture always gives the same bytes. */
export const THUMBNAIL_JPEG_QUALITY = 80;

/** What the picture making refuses before it decodes anything. */
export type PictureLimits = {
  /** The most pixels (width × height) a picture may have (default 16 777 216: 4096 × 4096). */
  maxInputPixels: number;
  /** The most bytes a picture may have (default 20 MiB). */
  maxInputBytes: number;
};

export const DEFAULT_PICTURE_LIMITS: PictureLimits = { maxInputPixels: 4096 * 4096, maxInputBytes: 20 * 1024 * 1024 };

/** Why no thumbnail could be made of a picture: the `ThumbnailFailed` reasons of the picture itself. */
export class PictureError extends Error {
  constructor(
    readonly reason: 'corrupt_image' | 'image_too_large',
    message: string,
  ) {
    super(message);
    this.name = 'PictureError';
  }
}

export type ThumbnailImage = { data: Buffer; width: number; height: number };

export type Thumbnails = {
  '1x': ThumbnailImage;
  '2x': ThumbnailImage;
  /** The picture as shown (EXIF orientation applied) and the part cut out of it, in its pixels. */
  source: { width: number; height: number; cut: { left: number; top: number; width: number; height: number } };
};

/**
 * Settings of sharp (libvips) for the whole process, chosen for a small
 * machine: libvips's operation cache off (every picture is new, so the
 * cache would only hold memory) and one libvips thread per picture, so
 * that the thumbnailer's own bound (pictures in sharp at once) is the CPU
 * bound. Idempotent; other sharp users of the process share it.
 */
export function configureSharp(): void {
  sharp.cache(false);
  sharp.concurrency(1);
}

/** How every picture is read: decoding errors and truncation fail it, and so does a picture over the pixel limit. */
const INPUT = (limits: PictureLimits) => ({ failOn: 'error', limitInputPixels: limits.maxInputPixels }) as const;

/** sharp's failure on an image it was asked to read, in the thumbnail's words. */
function judged(error: unknown): PictureError {
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) return new PictureError('image_too_large', `the picture is too large: ${message}`);
  return new PictureError('corrupt_image', `the picture cannot be decoded: ${message}`);
}

/**
 * The 1x and 2x thumbnails of a JPEG: pure of I/O, the same bytes for the
 * same picture, region and sharp version.
 * 1. Refuse, before decoding, a picture over the byte limit, one whose
 *    header is not a JPEG's, or one over the pixel limit (`limitInputPixels`:
 *    a small file can declare a huge picture): `image_too_large` or
 *    `corrupt_image`.
 * 2. Orient it by its EXIF orientation (`rotate()`), then cut the region out
 *    of the oriented picture (`regionInPixels`; null: the whole picture).
 * 3. Resize to fit 640 × 360 without enlarging: the 2x; then the 1x from it
 *    to fit 320 × 180. Both JPEG at a fixed quality, with no metadata (sharp
 *    keeps none unless told to: no EXIF, no GPS, no ICC profile), in sRGB.
 * A corrupt or truncated picture fails while it is decoded (`failOn:
 * 'error'`, which also covers truncation) and becomes `corrupt_image`;
 * never a crash, never a half picture.
 */
export async function makeThumbnails(
  jpeg: Buffer,
  region: Region | null,
  limits: PictureLimits = DEFAULT_PICTURE_LIMITS,
): Promise<Thumbnails> {
  // 1. What the picture says of itself, before any pixel is decoded.
  if (jpeg.length > limits.maxInputBytes) {
    throw new PictureError(
      'image_too_large',
      `the picture has ${jpeg.length} bytes, more than the limit of ${limits.maxInputBytes}`,
    );
  }
  const input = INPUT(limits);
  let shown: { width: number; height: number };
  try {
    const meta = await sharp(jpeg, input).metadata();
    if (meta.format !== 'jpeg') throw new PictureError('corrupt_image', `the picture is ${meta.format}, not a JPEG`);
    shown = meta.autoOrient;
  } catch (error) {
    throw error instanceof PictureError ? error : judged(error);
  }
  // 2. Oriented, then cut out.
  const cut = regionInPixels(region ?? { x: 0, y: 0, width: 1, height: 1 }, shown);
  try {
    const large = await sharp(jpeg, input)
      .rotate()
      .extract(cut)
      .resize(fitting('2x'))
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const raw = { raw: { width: large.info.width, height: large.info.height, channels: large.info.channels } };
    // 3. Both sizes from the same decoded pixels.
    const [x2, x1] = await Promise.all([
      encoded(sharp(large.data, raw)),
      encoded(sharp(large.data, raw).resize(fitting('1x'))),
    ]);
    return { '1x': x1, '2x': x2, source: { ...shown, cut } };
  } catch (error) {
    throw judged(error);
  }
}

/**
 * The 1x thumbnail of a stored 2x one: what `makeThumbnails` would make
 * of the same pixels, for a 2x that was stored before and is kept.
 */
export async function oneXFrom2x(jpeg2x: Buffer): Promise<ThumbnailImage> {
  try {
    return await encoded(sharp(jpeg2x, INPUT(DEFAULT_PICTURE_LIMITS)).resize(fitting('1x')));
  } catch (error) {
    throw judged(error);
  }
}

const fitting = (scale: ThumbnailScale) =>
  ({ ...THUMBNAIL_SIZES[scale], fit: 'inside', withoutEnlargement: true }) as const;

async function encoded(pipeline: Sharp): Promise<ThumbnailImage> {
  const out = await pipeline.jpeg({ quality: THUMBNAIL_JPEG_QUALITY }).toBuffer({ resolveWithObject: true });
  return { data: out.data, width: out.info.width, height: out.info.height };
}
