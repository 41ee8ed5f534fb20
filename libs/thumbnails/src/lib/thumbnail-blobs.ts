import { BlobConflictError, MAX_BLOB_ID_LENGTH, MAX_METADATA_VALUE_LENGTH, type BlobStore } from '@regicam/blob-store';
import { createHash } from 'node:crypto';
import type { ThumbnailImage, ThumbnailScale, Thumbnails } from './picture/make-thumbnails';

export type ThumbnailBlobIds = { readonly [S in ThumbnailScale]: string };

/** What a transaction key may hold to name its thumbnails as it is (the blob id rules, no `/`). */
const PLAIN_KEY = /^[A-Za-z0-9._:-]+$/;
const ID_AROUND_KEY = 'thumbnails/'.length + '/1x.jpg'.length;

/**
 * The blob ids of a transaction's thumbnails: `thumbnails/<transactionKey>/1x.jpg`
 * and `…/2x.jpg`. A key the blob id rules do not allow as it is (other
 * characters, `..`, too long) is named by its SHA-256 instead
 * (`thumbnails/sha256-<hex>/…`); a transaction key starts with its
 * provider, so the two forms never meet.
 */
export function thumbnailBlobIds(transactionKey: string): ThumbnailBlobIds {
  const plain =
    PLAIN_KEY.test(transactionKey) &&
    !transactionKey.includes('..') &&
    transactionKey.length + ID_AROUND_KEY <= MAX_BLOB_ID_LENGTH;
  const folder = plain ? transactionKey : `sha256-${createHash('sha256').update(transactionKey).digest('hex')}`;
  return { '1x': `thumbnails/${folder}/1x.jpg`, '2x': `thumbnails/${folder}/2x.jpg` };
}

/** The thumbnail as the blob store holds it: what `ThumbnailReady` says of it. */
export type StoredThumbnail = {
  blobIds: ThumbnailBlobIds;
  /** Of the 1x image. */
  width: number;
  height: number;
  /** The camera time of the picture it was made of. */
  frameAt: string;
  /** When the 1x blob was stored: the first time this thumbnail was made. */
  createdAt: Date;
};

export type ThumbnailFacts = { transactionKey: string; cameraId: string; frameAt: string; expiresAt: Date };

const metadataOf = (facts: ThumbnailFacts, image: ThumbnailImage): Record<string, string> => ({
  ...(facts.transactionKey.length <= MAX_METADATA_VALUE_LENGTH ? { transactionKey: facts.transactionKey } : {}),
  cameraId: facts.cameraId.slice(0, MAX_METADATA_VALUE_LENGTH),
  frameAt: facts.frameAt,
  width: String(image.width),
  height: String(image.height),
});

const wholeNumber = (value: string | undefined): number | undefined =>
  value !== undefined && /^[1-9]\d*$/.test(value) ? Number(value) : undefined;

/**
 * Stores a transaction's thumbnails, once. A blob is evidence and is never
 * replaced, so a job done again ends with the thumbnails first stored:
 * 1. The 2x goes first. The same bytes again are a no-op. Other bytes (a
 *    recording fetched again gave another JPEG, or sharp changed with an
 *    upgrade) leave the stored 2x in place, and the 1x is made from that
 *    stored 2x (`oneXOf`), so the pair shows one picture.
 * 2. The 1x goes last: once it is there, the pair is whole. A stored 1x
 *    with other bytes stays, as it is.
 * 3. What is returned describes the stored 1x (its size, its picture's
 *    time, when it was stored), so a job done twice reports the same.
 * Both expire at `expiresAt` (the thumbnail retention); a put that is a
 * no-op keeps the first expiry.
 */
export async function storeThumbnails(
  store: BlobStore,
  made: Thumbnails,
  facts: ThumbnailFacts,
  oneXOf: (stored2x: Buffer) => Promise<ThumbnailImage>,
): Promise<StoredThumbnail> {
  const ids = thumbnailBlobIds(facts.transactionKey);
  const put = async (id: string, image: ThumbnailImage, frameAt: string): Promise<boolean> => {
    try {
      await store.put(id, image.data, {
        contentType: 'image/jpeg',
        expiresAt: facts.expiresAt,
        metadata: metadataOf({ ...facts, frameAt }, image),
      });
      return true;
    } catch (error) {
      if (error instanceof BlobConflictError) return false;
      throw error;
    }
  };
  // 1. The 2x, or the one stored before.
  let oneX = made['1x'];
  let frameAt = facts.frameAt;
  if (!(await put(ids['2x'], made['2x'], frameAt))) {
    const stored = await store.getBuffer(ids['2x']);
    if (!stored) throw new Error(`blob ${ids['2x']} was there and is gone; the job is tried again`);
    oneX = await oneXOf(stored.data);
    frameAt = stored.metadata['frameAt'] ?? frameAt;
  }
  // 2. The 1x: the pair is whole.
  await put(ids['1x'], oneX, frameAt);
  // 3. What is stored.
  const info = await store.head(ids['1x']);
  if (!info) throw new Error(`blob ${ids['1x']} was stored and is gone; the job is tried again`);
  return {
    blobIds: ids,
    width: wholeNumber(info.metadata['width']) ?? oneX.width,
    height: wholeNumber(info.metadata['height']) ?? oneX.height,
    frameAt: info.metadata['frameAt'] ?? frameAt,
    createdAt: info.createdAt,
  };
}
