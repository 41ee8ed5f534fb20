import {
  type Blob,
  type BlobInfo,
  type BlobSource,
  type BlobStore,
  BlobStoreError,
  type BlobStoreOptions,
  type BufferedBlob,
  type CheckedPutOptions,
  type DeleteExpiredOptions,
  type PutOptions,
  type PutResult,
  bufferBlob,
  checkBlobId,
  checkDeleteExpired,
  checkPutOptions,
  consumeBlobSource,
  outcomeForExisting,
  type ResolvedBlobStoreOptions,
  resolveBlobStoreOptions,
} from '@regicam/blob-store';
import {
  type Collection,
  type Db,
  GridFSBucket,
  type GridFSBucketWriteStream,
  type GridFSChunk,
  MongoClient,
  MongoServerError,
  ObjectId,
} from 'mongodb';
import { finished } from 'node:stream/promises';

export interface GridFsBlobStoreOptions extends BlobStoreOptions {
  /** The GridFS bucket: collections `<bucketName>.files`, `.chunks` and `.pending`; `blobs` when not given. */
  readonly bucketName?: string;
  /** Bytes per chunk document; GridFS's 255 KiB when not given. */
  readonly chunkSizeBytes?: number;
}

/**
 * The files document of a blob. GridFS's own fields (`length`, `chunkSize`,
 * `uploadDate`, `filename` = the blob id) and ours in `metadata`.
 */
export interface BlobFile {
  readonly _id: ObjectId;
  readonly length: number;
  readonly chunkSize: number;
  readonly uploadDate: Date;
  readonly filename: string;
  readonly metadata: {
    readonly contentType: string;
    readonly sha256: string;
    /** Absent when the blob does not expire, so that `$lte` never matches it. */
    readonly expiresAt?: Date;
    /** The put's `metadata`. */
    readonly attributes: Record<string, string>;
  };
}

/**
 * A put or delete in progress, by the GridFS file id it writes or removes;
 * `abandoned` once a store that opened took it as crashed.
 */
interface PendingEntry {
  readonly _id: ObjectId;
  readonly blobId: string;
  readonly op: 'put' | 'delete' | 'abandoned';
  readonly since: Date;
}

/** deleteExpired and the removal of abandoned entries read this many documents at a time. */
const PAGE = 100;
export const BLOB_ID_INDEX = 'blob_id_unique';
export const EXPIRY_INDEX = 'blob_expiry';

/**
 * The blob store on MongoDB GridFS, with the driver's GridFSBucket. A blob
 * is one GridFS file whose `filename` is the blob id, made unique by the
 * index `blob_id_unique`; the file's `_id` is a fresh ObjectId per put, so
 * that the chunks of two concurrent puts of one id never mix.
 *
 * A put:
 * 1. An id that holds a blob already: the bytes are only hashed and compared.
 * 2. A journal entry `{_id: fileId, blobId, op: 'put', since}` goes into
 *    `<bucket>.pending`.
 * 3. The chunks are written through the upload stream, each after the last
 *    was acknowledged.
 * 4. The put renews its journal entry (see `removeAbandoned`) and ends the
 *    stream. The driver writes the files document after the last chunk
 *    (driver 7.9, upload.ts `checkDone`; the integration test checks it):
 *    THIS insert makes the blob visible, whole. It carries our metadata,
 *    sha256 included, which is known only now: the stream reads
 *    `options.metadata` when it builds the document. Of concurrent puts of
 *    one id, the unique index lets one insert; the others get a duplicate
 *    key, remove their chunks and compare their bytes with the winner's.
 * 5. The journal entry goes. A put that fails at 3 or 4 removes its chunks
 *    first, once it has read that its files document was not written after
 *    all (a lost acknowledgement). One whose process dies leaves the entry,
 *    and the next store to open removes the chunks of entries older than
 *    `abandonedAfterMs` that have no files document.
 */
export class GridFsBlobStore implements BlobStore {
  private readonly bucket: GridFSBucket;
  private readonly files: Collection<BlobFile>;
  private readonly chunks: Collection<GridFSChunk>;
  private readonly pending: Collection<PendingEntry>;
  private readonly settings: ResolvedBlobStoreOptions;
  private readonly chunkSizeBytes: number | undefined;
  private closed = false;

  /** Connects and owns the client: `close()` disconnects it. Without `database`, the one named in the URL. */
  static async connect(
    url: string,
    options: GridFsBlobStoreOptions & { readonly database?: string } = {},
  ): Promise<GridFsBlobStore> {
    const client = await MongoClient.connect(url);
    try {
      return await GridFsBlobStore.open(client, options.database ?? client.options.dbName, options, true);
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  /**
   * On a client owned by the caller, unless `ownsClient`. Ensures the
   * indexes and removes what crashed puts and deletes left.
   */
  static async open(
    client: MongoClient,
    database: string,
    options: GridFsBlobStoreOptions = {},
    ownsClient = false,
  ): Promise<GridFsBlobStore> {
    const store = new GridFsBlobStore(client, client.db(database), options, ownsClient);
    await store.ensureIndexes();
    await store.removeAbandoned();
    return store;
  }

  private constructor(
    private readonly client: MongoClient,
    db: Db,
    options: GridFsBlobStoreOptions,
    private readonly ownsClient: boolean,
  ) {
    const bucketName = options.bucketName ?? 'blobs';
    this.bucket = new GridFSBucket(db, { bucketName });
    this.files = db.collection<BlobFile>(`${bucketName}.files`);
    this.chunks = db.collection<GridFSChunk>(`${bucketName}.chunks`);
    this.pending = db.collection<PendingEntry>(`${bucketName}.pending`);
    this.settings = resolveBlobStoreOptions(options);
    this.chunkSizeBytes = options.chunkSizeBytes;
  }

  async put(id: string, data: BlobSource, options: PutOptions): Promise<PutResult> {
    this.live();
    checkBlobId(id);
    const checked = checkPutOptions(id, options);

    // 1. Taken already: compare the bytes, write nothing.
    const existing = await this.head(id);
    if (existing) return outcomeForExisting(existing, await consumeBlobSource(id, data, this.settings.maxBytes, noop));

    // 2. The journal entry.
    const fileId = new ObjectId();
    await this.pending.insertOne({ _id: fileId, blobId: id, op: 'put', since: this.settings.now() });
    // Whether the entry may go: not while chunk inserts the server failed may still land.
    let settled = false;
    try {
      const upload = this.bucket.openUploadStream(id, { id: fileId, chunkSizeBytes: this.chunkSizeBytes });
      // Listening from the start: a failed chunk insert is an 'error' event, never an uncaught one.
      const done = finished(upload);
      done.catch(noop);
      let measured: { size: number; sha256: string } | undefined;
      try {
        // 3. The chunks.
        measured = await consumeBlobSource(id, data, this.settings.maxBytes, (piece) => write(upload, piece));
        // 4. The journal entry is renewed, unless a store that opened meanwhile took this put as
        //    crashed and removed its chunks; then the put fails rather than show a blob without them.
        const renewed = await this.pending.updateOne(
          { _id: fileId, op: 'put' },
          { $set: { since: this.settings.now() } },
        );
        if (renewed.matchedCount !== 1) {
          throw new BlobStoreError(
            `blob '${id}': the put took longer than ${this.settings.abandonedAfterMs} ms and was taken as crashed; put it again`,
          );
        }
        // The files document, inserted by the driver after the last chunk: the blob becomes visible.
        upload.options.metadata = fileMetadata(checked, measured.sha256);
        upload.end();
        await done;
        settled = true;
        return { id, size: measured.size, sha256: measured.sha256, created: true };
      } catch (error) {
        upload.destroy();
        // Was the files document written after all (its acknowledgement lost, a retried insert refused
        // as a duplicate of itself)? Then the blob is whole. When even that cannot be read, the
        // chunks and the journal entry stay for the next open to decide.
        const ours = await this.files.findOne({ _id: fileId }, { projection: { _id: 1 } }).then(
          (file) => file !== null,
          () => undefined,
        );
        if (ours === undefined) throw error;
        if (ours && measured) {
          settled = true;
          return { id, size: measured.size, sha256: measured.sha256, created: true };
        }
        // No files document of this put exists: its chunks are all there is.
        const removed = await this.chunks.deleteMany({ files_id: fileId }).then(
          () => true,
          () => false,
        );
        // Nothing of this put is in flight when the source failed or was too large between two
        // writes, or when the files document was refused after every chunk was in.
        const duplicate = measured !== undefined && isDuplicateKey(error);
        settled = removed && (duplicate || (error instanceof BlobStoreError && measured === undefined));
        if (measured === undefined || !duplicate) throw error;
        const winner = await this.head(id);
        if (!winner)
          throw new BlobStoreError(`blob '${id}' was put and deleted by others during this put; put it again`);
        return outcomeForExisting(winner, measured);
      }
    } finally {
      // 5. The journal entry goes; if it cannot, the next open finds the files document and drops it.
      if (settled) await this.pending.deleteOne({ _id: fileId }).catch(noop);
    }
  }

  async get(id: string): Promise<Blob | null> {
    const file = await this.findFile(id);
    // The stream reads the chunks of this very file (by its _id), never those of a later put of the id.
    return file && { ...toInfo(file), stream: this.bucket.openDownloadStream(file._id) };
  }

  async getBuffer(id: string): Promise<BufferedBlob | null> {
    return bufferBlob(await this.get(id));
  }

  async head(id: string): Promise<BlobInfo | null> {
    const file = await this.findFile(id);
    return file && toInfo(file);
  }

  async delete(id: string): Promise<boolean> {
    this.live();
    checkBlobId(id);
    const file = await this.files.findOne({ filename: id }, { projection: { _id: 1 } });
    return file ? this.removeFile(file._id, id) : false;
  }

  /** Pages of expired files, oldest expiry first, through the index `blob_expiry`. */
  async deleteExpired(now: Date, options?: DeleteExpiredOptions): Promise<number> {
    const limit = checkDeleteExpired(now, options);
    this.live();
    let deleted = 0;
    while (deleted < limit) {
      const size = Math.min(PAGE, limit - deleted);
      const page = await this.files
        .find(
          { 'metadata.expiresAt': { $lte: now } },
          { projection: { _id: 1, filename: 1 }, sort: { 'metadata.expiresAt': 1, _id: 1 }, limit: size },
        )
        .toArray();
      for (const file of page) if (await this.removeFile(file._id, file.filename)) deleted++;
      if (page.length < size) break;
    }
    return deleted;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ownsClient) await this.client.close();
  }

  /**
   * Removes one GridFS file by its _id, so that a later put of the same id
   * is never touched:
   * 1. a journal entry, so that a crash before step 3 is finished on open;
   * 2. the files document: the blob is gone from sight;
   * 3. its chunks;
   * 4. the journal entry.
   */
  private async removeFile(fileId: ObjectId, blobId: string): Promise<boolean> {
    await this.pending.updateOne(
      { _id: fileId },
      { $set: { blobId, op: 'delete', since: this.settings.now() } },
      { upsert: true },
    );
    const { deletedCount } = await this.files.deleteOne({ _id: fileId });
    await this.chunks.deleteMany({ files_id: fileId });
    await this.pending.deleteOne({ _id: fileId });
    return deletedCount === 1;
  }

  private async findFile(id: string): Promise<BlobFile | null> {
    this.live();
    checkBlobId(id);
    const file = await this.files.findOne({ filename: id });
    if (file && !isBlobFile(file)) {
      throw new BlobStoreError(
        `blob '${id}': the GridFS file ${file._id.toHexString()} has no blob metadata; it was written outside the store`,
      );
    }
    return file;
  }

  /**
   * The indexes, ensured idempotently: the blob id's uniqueness, the expiry,
   * GridFS's own two (which the driver would create on the first upload into
   * an empty bucket), and the journal's age.
   */
  private async ensureIndexes(): Promise<void> {
    await this.files.createIndex({ filename: 1 }, { unique: true, name: BLOB_ID_INDEX });
    await this.files.createIndex({ 'metadata.expiresAt': 1 }, { name: EXPIRY_INDEX });
    await this.files.createIndex({ filename: 1, uploadDate: 1 });
    await this.chunks.createIndex({ files_id: 1, n: 1 }, { unique: true });
    await this.pending.createIndex({ since: 1 });
  }

  /**
   * Journal entries older than `abandonedAfterMs`: their process died. A
   * put's chunks without a files document never became a blob, and a
   * delete's chunks whose files document is gone were on their way out:
   * both are removed. A files document that exists is left as it is (the
   * put completed, or the delete never started).
   * 1. The entry is claimed (`op: 'abandoned'`) while it is still old, in one
   *    update: a put that renews its entry first keeps it, and a put whose
   *    entry was claimed fails at its renewal instead of writing its files
   *    document over removed chunks.
   * 2. The chunks go unless a files document exists; then the entry. A crash
   *    in between leaves the claimed entry, old, for the next open.
   */
  private async removeAbandoned(): Promise<void> {
    const before = new Date(this.settings.now().getTime() - this.settings.abandonedAfterMs);
    for (;;) {
      const page = await this.pending.find({ since: { $lte: before } }, { limit: PAGE }).toArray();
      for (const entry of page) {
        const claimed = await this.pending.updateOne(
          { _id: entry._id, since: { $lte: before } },
          { $set: { op: 'abandoned' } },
        );
        if (claimed.matchedCount !== 1) continue;
        const file = await this.files.findOne({ _id: entry._id }, { projection: { _id: 1 } });
        if (!file) await this.chunks.deleteMany({ files_id: entry._id });
        await this.pending.deleteOne({ _id: entry._id, op: 'abandoned' });
      }
      if (page.length < PAGE) return;
    }
  }

  private live(): void {
    if (this.closed) throw new BlobStoreError('the blob store is closed');
  }
}

const noop = async (): Promise<void> => undefined;

function fileMetadata(options: CheckedPutOptions, sha256: string): BlobFile['metadata'] {
  return {
    contentType: options.contentType,
    sha256,
    ...(options.expiresAt ? { expiresAt: options.expiresAt } : {}),
    attributes: { ...options.metadata },
  };
}

const toInfo = (file: BlobFile): BlobInfo => ({
  id: file.filename,
  contentType: file.metadata.contentType,
  size: file.length,
  sha256: file.metadata.sha256,
  createdAt: file.uploadDate,
  expiresAt: file.metadata.expiresAt ?? null,
  metadata: { ...file.metadata.attributes },
});

function isBlobFile(file: BlobFile): boolean {
  const m = file.metadata as Partial<BlobFile['metadata']> | undefined;
  return typeof m?.contentType === 'string' && typeof m.sha256 === 'string' && typeof m.attributes === 'object';
}

/** Resolves once the piece is in the stream and every chunk it completed is acknowledged by the server. */
function write(upload: GridFSBucketWriteStream, piece: Buffer): Promise<void> {
  return new Promise((resolve, reject) => upload.write(piece, (error) => (error ? reject(error) : resolve())));
}

const isDuplicateKey = (error: unknown): boolean => error instanceof MongoServerError && error.code === 11000;
