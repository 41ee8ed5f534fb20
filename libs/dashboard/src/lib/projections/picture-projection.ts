import { TOPIC, type ThumbnailsValue } from '@regicam/contracts';
import type { ReadDocument, Write } from '@regicam/read-store';
import { FEED_INDEXES, feedWrites, type FeedCollections, type FeedEntry } from '@regicam/transactions';
import type { TopicProjection } from './topic-projector';

export type PictureState = 'ready' | 'none' | 'failed' | 'not_linked';

/**
 * The outcome of a transaction's picture (`transaction_pictures`, id = the
 * transaction key), from `regicam.thumbnails.v1`. A projection of the
 * topic: rebuilt by reading the compacted topic from its beginning.
 * `version` is the record's offset + 1: a transaction's records are all in
 * one partition (the key), so a later result wins over an earlier one, and
 * the same record twice changes nothing.
 */
export type PictureDocument = ReadDocument & {
  transactionKey: string;
  state: PictureState;
  ownerId: string | null;
  cameraId: string | null;
  linkId: string | null;
  /** ready: the thumbnail in the blob store, at 1x and 2x. */
  blobIds: { '1x': string; '2x': string } | null;
  width: number | null;
  height: number | null;
  /** ready: the camera time of the picture used, and how far it is from the wanted moment. */
  frameAt: string | null;
  skewMs: number | null;
  /** none, failed, not_linked: why. */
  reason: string | null;
  detail: string | null;
  createdAt: string;
};

export type PictureFeedChange = { type: 'picture'; picture: PictureDocument };
export type PictureFeedEntry = FeedEntry<PictureFeedChange>;

export const TRANSACTION_PICTURES = 'transaction_pictures';
export const PICTURE_FEED: FeedCollections = { entries: 'picture_feed', heads: 'picture_feed_heads' };

/** The picture document a thumbnails record stands for. */
export function pictureOf(value: ThumbnailsValue, version: number): PictureDocument {
  const base = {
    id: value.transactionKey,
    version,
    transactionKey: value.transactionKey,
    ownerId: value.ownerId,
    cameraId: value.cameraId,
    linkId: value.linkId,
    blobIds: null,
    width: null,
    height: null,
    frameAt: null,
    skewMs: null,
    reason: null,
    detail: null,
    createdAt: value.createdAt,
  };
  switch (value.type) {
    case 'ThumbnailReady':
      return {
        ...base,
        state: 'ready',
        blobIds: { '1x': value.blobIds['1x'], '2x': value.blobIds['2x'] },
        width: value.width,
        height: value.height,
        frameAt: value.frameAt,
        skewMs: value.skewMs,
      };
    case 'ThumbnailFailed':
      return { ...base, state: 'failed', reason: value.reason, detail: value.detail };
    case 'NoPicture':
      return { ...base, state: value.reason === 'not_linked' ? 'not_linked' : 'none', reason: value.reason };
    default: {
      const unknown: never = value;
      throw new Error(`unknown thumbnails record ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * The pictures of the transactions and each owner's feed of them (a
 * picture is announced to the owner the record names; `not_linked` has
 * none). Within a record, the feed first and the picture last, as the
 * transactions projection does, so a replayed batch announces again
 * rather than never.
 */
export function pictureProjection(): TopicProjection<typeof TOPIC.thumbnails> {
  return {
    name: TRANSACTION_PICTURES,
    contract: TOPIC.thumbnails,
    collections: [
      { name: TRANSACTION_PICTURES, indexes: {} },
      { name: PICTURE_FEED.entries, indexes: { indexes: FEED_INDEXES } },
      { name: PICTURE_FEED.heads, indexes: {} },
    ],
    project: async (record, lookup) => {
      const version = Number(record.offset) + 1;
      const current = await lookup<PictureDocument>(TRANSACTION_PICTURES, record.value.transactionKey);
      if (current && current.version >= version) return [];
      const picture = pictureOf(record.value, version);
      const writes: Write[] = [];
      if (picture.ownerId) {
        const at = new Date(record.timestamp).toISOString();
        writes.push(...(await feedWrites(PICTURE_FEED, lookup, picture.ownerId, at, [{ type: 'picture', picture }])));
      }
      writes.push({ collection: TRANSACTION_PICTURES, op: 'upsert', doc: picture });
      return writes;
    },
  };
}
