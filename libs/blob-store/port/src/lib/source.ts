import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Blob, BlobInfo, BlobSource, BufferedBlob, PutResult } from './blob-store';
import { BlobConflictError, BlobStoreError, BlobTooLargeError } from './errors';

/** A buffer is handed to the sink in slices of this size, so that no write is unbounded. */
const SLICE_BYTES = 1024 * 1024;

export interface Measured {
  readonly size: number;
  readonly sha256: string;
}

/**
 * Reads the bytes of a put once, in order, hashing and counting them, and
 * hands each piece to `sink` after the previous one was written (the stream
 * is read with backpressure; no more than one piece is held).
 *
 * 1. A buffer over `maxBytes` is refused before anything is written.
 * 2. A stream is refused as soon as it passes `maxBytes`, and destroyed.
 * 3. A failing stream rejects with an error naming the id, its cause attached.
 * In each case the adapter discards what `sink` wrote and stores nothing.
 */
export async function consumeBlobSource(
  id: string,
  data: BlobSource,
  maxBytes: number,
  sink: (piece: Buffer) => Promise<void>,
): Promise<Measured> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const piece of pieces(id, data, maxBytes)) {
    size += piece.length;
    if (size > maxBytes) throw new BlobTooLargeError(id, maxBytes);
    hash.update(piece);
    await sink(piece);
  }
  return { size, sha256: hash.digest('hex') };
}

async function* pieces(id: string, data: BlobSource, maxBytes: number): AsyncGenerator<Buffer> {
  if (data instanceof Uint8Array) {
    if (data.length > maxBytes) throw new BlobTooLargeError(id, maxBytes);
    const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    for (let at = 0; at < buffer.length; at += SLICE_BYTES) yield buffer.subarray(at, at + SLICE_BYTES);
    return;
  }
  if (!(data instanceof Readable)) {
    throw new BlobStoreError(`blob '${id}': the data must be a Buffer or a Readable stream`);
  }
  try {
    // Leaving this loop early (a refusal, a failed write) destroys the stream.
    for await (const piece of data) {
      if (!(piece instanceof Uint8Array)) {
        throw new BlobStoreError(`blob '${id}': the stream must yield bytes, got ${typeof piece}`);
      }
      yield Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    }
  } catch (error) {
    if (error instanceof BlobStoreError) throw error;
    throw new BlobStoreError(`blob '${id}': reading the data failed: ${(error as Error).message}; nothing was stored`, {
      cause: error,
    });
  }
}

/**
 * The outcome of a put whose id is taken: a no-op when the stored bytes are
 * the offered ones, a `BlobConflictError` otherwise. The stored blob, its
 * content type and metadata included, stays as it is.
 */
export function outcomeForExisting(stored: BlobInfo, offered: Measured): PutResult {
  if (stored.sha256 !== offered.sha256 || stored.size !== offered.size) {
    throw new BlobConflictError(stored.id, stored.sha256, offered.sha256);
  }
  return { id: stored.id, size: stored.size, sha256: stored.sha256, created: false };
}

/** Reads a stream to its end into one buffer. */
export async function readToBuffer(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.isBuffer(part) ? part : Buffer.from(part));
  return Buffer.concat(parts);
}

/** `getBuffer` in terms of `get`: the blob's stream read into memory. */
export async function bufferBlob(blob: Blob | null): Promise<BufferedBlob | null> {
  if (!blob) return null;
  const { stream, ...info } = blob;
  return { ...info, data: await readToBuffer(stream) };
}
