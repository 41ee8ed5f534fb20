import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { BlobStore } from '../lib/blob-store';

export interface BlobStoreHarness {
  /** Opens a store on the adapter's storage; every call opens another instance on the same storage. */
  open(options?: { readonly maxBytes?: number }): Promise<BlobStore>;
  /** Removes the storage; called once every store the suite opened is closed. */
  cleanup?(): Promise<void>;
}

export interface ContractContext {
  readonly store: () => BlobStore;
  /** Another store instance on the same storage; closed at the end of the suite unless the test closes it. */
  readonly open: (options?: { readonly maxBytes?: number }) => Promise<BlobStore>;
  /** A blob id no other test of this run uses. */
  readonly id: (name: string) => string;
}

export const KiB = 1024;
export const MiB = 1024 * KiB;

/** Deterministic bytes (xorshift32), different for every seed. */
export function bytes(size: number, seed = 1): Buffer {
  const out = Buffer.allocUnsafe(size);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

export const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** `data` cut into pieces of `pieceBytes`. */
export function split(data: Buffer, pieceBytes: number): Buffer[] {
  const pieces: Buffer[] = [];
  for (let at = 0; at < data.length; at += pieceBytes) pieces.push(data.subarray(at, at + pieceBytes));
  return pieces;
}

/**
 * A byte stream of the pieces that holds at most one piece ahead of its
 * reader (highWaterMark 1), so that when piece n is asked for, the reader
 * has finished with piece n - 2.
 */
function streamFrom(source: AsyncIterable<Buffer>): Readable {
  return Readable.from(source, { objectMode: false, highWaterMark: 1 });
}

export function streamOf(pieces: readonly Buffer[]): Readable {
  return streamFrom(
    (async function* () {
      yield* pieces;
    })(),
  );
}

/** Yields the pieces before `failAt`, then fails as a dropped camera connection would. */
export function failingStream(pieces: readonly Buffer[], failAt: number): Readable {
  return streamFrom(
    (async function* () {
      for (let i = 0; i < failAt; i++) yield pieces[i];
      throw new Error('connection to the camera lost');
    })(),
  );
}

export interface GatedStream {
  readonly stream: Readable;
  /** Resolves when the reader asks for piece `gateAt`: it has written the pieces before `gateAt - 1`. */
  readonly reached: Promise<void>;
  /** Lets the rest through, or fails the stream there. */
  release(error?: Error): void;
}

/** A stream that stops before piece `gateAt` until released: a put in progress, held open. */
export function gatedStream(pieces: readonly Buffer[], gateAt: number): GatedStream {
  let reach: () => void = () => undefined;
  let open: (error: Error | undefined) => void = () => undefined;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const gate = new Promise<Error | undefined>((resolve) => (open = resolve));
  const stream = streamFrom(
    (async function* () {
      for (let i = 0; i < pieces.length; i++) {
        if (i === gateAt) {
          reach();
          const error = await gate;
          if (error) throw error;
        }
        yield pieces[i];
      }
    })(),
  );
  return { stream, reached, release: (error) => open(error) };
}

/** The value, or a failed test when it is null. */
export function present<T>(value: T | null, what: string): T {
  if (value === null) throw new Error(`expected ${what}, got null`);
  return value;
}

export async function readAll(stream: Readable): Promise<{ data: Buffer; pieces: number }> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return { data: Buffer.concat(parts), pieces: parts.length };
}
