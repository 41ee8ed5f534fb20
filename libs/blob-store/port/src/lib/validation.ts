import { BlobStoreError } from './errors';
import type { DeleteExpiredOptions, PutOptions } from './blob-store';

/** The limit per put when the adapter is given none: frames and thumbnails are far smaller. */
export const DEFAULT_MAX_BLOB_BYTES = 32 * 1024 * 1024;

export const MAX_BLOB_ID_LENGTH = 256;
const ID_CHARS = /^[A-Za-z0-9._:/-]+$/;

/**
 * A blob id: 1 to 256 of `A-Z a-z 0-9 . _ : / -`, without `..`, without a
 * `/` at either end and without `//`. Ids are names chosen by the writer
 * (`frames/<camera>/<capturedAt>.jpg`); the rules keep them safe as URL path
 * segments, file names and MongoDB values, whatever the adapter does with them.
 */
export function checkBlobId(id: unknown): string {
  const refuse = (rule: string) => new BlobStoreError(`invalid blob id ${JSON.stringify(id)}: ${rule}`);
  if (typeof id !== 'string') throw refuse(`an id is a string, got ${id === null ? 'null' : typeof id}`);
  if (id.length === 0 || id.length > MAX_BLOB_ID_LENGTH) {
    throw refuse(`an id has 1 to ${MAX_BLOB_ID_LENGTH} characters, this one has ${id.length}`);
  }
  if (!ID_CHARS.test(id)) throw refuse("an id may hold only A-Z a-z 0-9 and '.', '_', ':', '/', '-'");
  if (id.includes('..')) throw refuse("an id may not contain '..'");
  if (id.startsWith('/') || id.endsWith('/') || id.includes('//')) {
    throw refuse("an id may not start or end with '/' or contain '//'");
  }
  return id;
}

const TOKEN = '[A-Za-z0-9!#$&^_.+-]+';
const CONTENT_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(\\s*;\\s*${TOKEN}=("[^"]*"|${TOKEN}))*$`);
const MAX_CONTENT_TYPE_LENGTH = 255;
const METADATA_KEY = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
export const MAX_METADATA_ENTRIES = 32;
export const MAX_METADATA_VALUE_LENGTH = 1024;

/** The last instant `expiresAt` may name: ISO-8601 dates have four-digit years up to then. */
const LATEST_EXPIRY = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Put options as the adapters store them. */
export interface CheckedPutOptions {
  readonly contentType: string;
  readonly expiresAt: Date | null;
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * The options of a put, checked: a media type (`type/subtype`, parameters
 * allowed, up to 255 characters), a valid `Date` for `expiresAt`, and at most
 * 32 metadata entries whose keys are 1 to 64 letters, digits, `_` or `-`
 * starting with a letter (valid as MongoDB field names) and whose values are
 * strings of up to 1024 characters. `expiresAt` lies from 1970 to 9999, so
 * that its ISO-8601 form has a fixed width and sorts as it compares.
 */
export function checkPutOptions(id: string, options: unknown): CheckedPutOptions {
  const where = `blob '${id}'`;
  if (options === null || typeof options !== 'object') {
    throw new BlobStoreError(`${where}: the put options must be an object with a contentType`);
  }
  const { contentType, expiresAt, metadata } = options as Partial<PutOptions>;
  if (
    typeof contentType !== 'string' ||
    contentType.length > MAX_CONTENT_TYPE_LENGTH ||
    !CONTENT_TYPE.test(contentType)
  ) {
    throw new BlobStoreError(
      `${where}: contentType must be a media type such as 'image/jpeg' (up to ${MAX_CONTENT_TYPE_LENGTH} characters), got ${JSON.stringify(contentType)}`,
    );
  }
  if (
    expiresAt !== undefined &&
    (!isValidDate(expiresAt) || expiresAt.getTime() < 0 || expiresAt.getTime() > LATEST_EXPIRY)
  ) {
    throw new BlobStoreError(`${where}: expiresAt must be a valid Date from 1970 to 9999, got ${describe(expiresAt)}`);
  }
  return { contentType, expiresAt: expiresAt ?? null, metadata: checkMetadata(where, metadata) };
}

function checkMetadata(where: string, metadata: unknown): Record<string, string> {
  if (metadata === undefined) return {};
  if (metadata === null || typeof metadata !== 'object' || Object.getPrototypeOf(metadata) !== Object.prototype) {
    throw new BlobStoreError(`${where}: metadata must be a plain object of strings, got ${describe(metadata)}`);
  }
  const entries = Object.entries(metadata);
  if (entries.length > MAX_METADATA_ENTRIES) {
    throw new BlobStoreError(`${where}: metadata has ${entries.length} entries; at most ${MAX_METADATA_ENTRIES}`);
  }
  for (const [key, value] of entries) {
    if (!METADATA_KEY.test(key)) {
      throw new BlobStoreError(
        `${where}: metadata key ${JSON.stringify(key)} must be 1 to 64 letters, digits, '_' or '-', starting with a letter`,
      );
    }
    if (typeof value !== 'string' || value.length > MAX_METADATA_VALUE_LENGTH) {
      throw new BlobStoreError(
        `${where}: metadata '${key}' must be a string of up to ${MAX_METADATA_VALUE_LENGTH} characters, got ${describe(value)}`,
      );
    }
  }
  return Object.fromEntries(entries);
}

/** The `now` of `deleteExpired`, and its limit (a positive integer, or unlimited). */
export function checkDeleteExpired(now: unknown, options: DeleteExpiredOptions | undefined): number {
  if (!isValidDate(now)) throw new BlobStoreError(`deleteExpired: now must be a valid Date, got ${describe(now)}`);
  const limit = options?.limit;
  if (limit === undefined) return Number.POSITIVE_INFINITY;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new BlobStoreError(`deleteExpired: limit must be a positive integer, got ${describe(limit)}`);
  }
  return limit;
}

/** The options every adapter takes. */
export interface BlobStoreOptions {
  /** The largest put in bytes; 32 MiB when not given. */
  readonly maxBytes?: number;
  /** The clock: the age of what crashed puts and deletes left (and the folder's `createdAt`). */
  readonly now?: () => Date;
  /**
   * A put or delete this much older than the clock is taken as crashed, and
   * what it left is removed when a store opens; one hour when not given.
   * Longer than any put.
   */
  readonly abandonedAfterMs?: number;
}

export type ResolvedBlobStoreOptions = Required<BlobStoreOptions>;

const HOUR = 60 * 60 * 1000;

export function resolveBlobStoreOptions(options: BlobStoreOptions): ResolvedBlobStoreOptions {
  const abandonedAfterMs = options.abandonedAfterMs ?? HOUR;
  if (!Number.isSafeInteger(abandonedAfterMs) || abandonedAfterMs < 1) {
    throw new BlobStoreError(`abandonedAfterMs must be a positive integer, got ${describe(abandonedAfterMs)}`);
  }
  return { maxBytes: checkMaxBytes(options.maxBytes), now: options.now ?? (() => new Date()), abandonedAfterMs };
}

/** An adapter's size limit per put: a positive integer of bytes. */
export function checkMaxBytes(maxBytes: number | undefined): number {
  if (maxBytes === undefined) return DEFAULT_MAX_BLOB_BYTES;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) {
    throw new BlobStoreError(`maxBytes must be a positive integer of bytes, got ${describe(maxBytes)}`);
  }
  return maxBytes;
}

export const isValidDate = (value: unknown): value is Date => value instanceof Date && !Number.isNaN(value.getTime());

function describe(value: unknown): string {
  if (value instanceof Date) return isValidDate(value) ? value.toISOString() : 'an invalid Date';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number') return String(value);
  return Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : typeof value;
}
