import type { Blob, BlobStore } from '@regicam/blob-store';
import type { Collection, ReadStore } from '@regicam/read-store';
import { DashboardNotFound } from '../errors';
import { TRANSACTION_PICTURES, type PictureDocument } from '../projections/picture-projection';
import type { TransactionList } from './transaction-list';

/** A thumbnail ready to send: the blob (its stream to read or destroy) and the tag that names its bytes. */
export type ThumbnailAnswer = { blob: Blob; etag: string };

/**
 * The owner's thumbnails: a transaction of another owner, one without a
 * ready picture, or a blob gone from the store are not found alike.
 */
export class Thumbnails {
  private constructor(
    private readonly list: TransactionList,
    private readonly pictures: Collection<PictureDocument>,
    private readonly blobs: BlobStore,
  ) {}

  static async open(store: ReadStore, list: TransactionList, blobs: BlobStore): Promise<Thumbnails> {
    return new Thumbnails(list, await store.collection<PictureDocument>(TRANSACTION_PICTURES), blobs);
  }

  /** The ETag of the thumbnail, or null when there is none for this owner (to answer 304 without reading it). */
  async etag(ownerId: string, transactionKey: string, size: '1x' | '2x'): Promise<string | null> {
    const id = await this.blobId(ownerId, transactionKey, size);
    if (!id) return null;
    const info = await this.blobs.head(id);
    return info ? etagOf(info.sha256) : null;
  }

  async get(ownerId: string, transactionKey: string, size: '1x' | '2x'): Promise<ThumbnailAnswer> {
    const id = await this.blobId(ownerId, transactionKey, size);
    const blob = id ? await this.blobs.get(id) : null;
    if (!blob) throw new DashboardNotFound(`no thumbnail of transaction ${transactionKey}`);
    return { blob, etag: etagOf(blob.sha256) };
  }

  private async blobId(ownerId: string, transactionKey: string, size: '1x' | '2x'): Promise<string | null> {
    if (!(await this.list.ownersTransaction(ownerId, transactionKey))) return null;
    const picture = await this.pictures.get(transactionKey);
    if (!picture || picture.state !== 'ready' || picture.ownerId !== ownerId || !picture.blobIds) return null;
    return picture.blobIds[size];
  }
}

/** A strong ETag from the bytes' SHA-256: a thumbnail never changes under its key. */
const etagOf = (sha256: string) => `"${sha256.slice(0, 32)}"`;
