import type { Readable } from 'node:stream';

/**
 * The blob store port: camera frames and thumbnails, stored by an id the
 * writer chooses (a frame id, a job id), so that a re-delivered message
 * writes the same blob again and changes nothing. Every adapter (a local
 * folder, MongoDB GridFS) passes the same contract suite
 * (`@regicam/blob-store/testing`). See docs/blob-store.md.
 *
 * Guarantees of every adapter:
 * 1. A blob is immutable: `put` of an existing id with the same bytes is a
 *    no-op (`created: false`), with other bytes a `BlobConflictError`. Only
 *    `delete` (or expiry) frees an id.
 * 2. A blob is visible whole or not at all: a put in progress, or one whose
 *    source failed or was too large, is never seen by `get` or `head`, and
 *    leaves the id free.
 * 3. Concurrent puts of one id, from one process or several, end with one
 *    blob; every other put returns `created: false` or a `BlobConflictError`.
 * 4. `get` streams: an adapter never holds a whole blob in memory.
 */

/** The bytes of a put: a buffer, or a stream of buffers (read once, with backpressure). */
export type BlobSource = Buffer | Uint8Array | Readable;

export interface PutOptions {
  /** A media type such as `image/jpeg`. */
  readonly contentType: string;
  /** From then on `deleteExpired` removes the blob; until it runs, the blob stays readable. */
  readonly expiresAt?: Date;
  /** Small string attributes kept with the blob (camera id, capture time). */
  readonly metadata?: Readonly<Record<string, string>>;
}

export interface PutResult {
  readonly id: string;
  readonly size: number;
  /** Lowercase hex SHA-256 of the bytes. */
  readonly sha256: string;
  /** False when the id held these very bytes already and nothing was written. */
  readonly created: boolean;
}

/** What is known of a stored blob, without its bytes. */
export interface BlobInfo {
  readonly id: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  /** When the put that stored it completed. */
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
  readonly metadata: Readonly<Record<string, string>>;
}

/** A blob and a stream of its bytes; the caller reads the stream to its end or destroys it. */
export interface Blob extends BlobInfo {
  readonly stream: Readable;
}

/** A blob read into memory (`getBuffer`), for the small ones. */
export interface BufferedBlob extends BlobInfo {
  readonly data: Buffer;
}

export interface DeleteExpiredOptions {
  /** At most this many blobs are deleted by one call (a positive integer); all expired ones when not given. */
  readonly limit?: number;
}

export interface BlobStore {
  /** Stores the bytes under the id, once (see the guarantees above); the stream is consumed either way. */
  put(id: string, data: BlobSource, options: PutOptions): Promise<PutResult>;
  /** The blob with a stream of its bytes, or null when there is none. */
  get(id: string): Promise<Blob | null>;
  /** The blob read into one buffer, or null; for blobs known to be small. */
  getBuffer(id: string): Promise<BufferedBlob | null>;
  /** The blob's information without its bytes, or null. */
  head(id: string): Promise<BlobInfo | null>;
  /** True when a blob was deleted, false when there was none. */
  delete(id: string): Promise<boolean>;
  /** Deletes blobs with `expiresAt <= now`, oldest expiry first, in pages; returns how many it deleted. */
  deleteExpired(now: Date, options?: DeleteExpiredOptions): Promise<number>;
  /** Releases the store; every later call rejects. Closing twice is fine. */
  close(): Promise<void>;
}
