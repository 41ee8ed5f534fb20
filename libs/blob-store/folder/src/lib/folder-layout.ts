import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';

/**
 * Where a blob's files live under the root folder (docs/blob-store.md):
 *
 *   objects/<k0k1>/<k2k3>/<k>.json      the sidecar; the blob is visible exactly while it is here
 *   objects/<k0k1>/<k2k3>/<k>.<r>.data  the bytes written by put <r>
 *   tmp/<k>.<r>.data                    the bytes of put <r>, while they arrive
 *   tmp/<k>.<r>.json                    the sidecar of put <r>, from before its bytes are moved into
 *                                       objects/ until it is linked there: the put's journal
 *   tmp/<k>.<r>.deleting                a sidecar taken away by a delete in progress
 *   expiry/<YYYYMMDDTHHmm>/<k>.<r>      an empty marker: put <r> expires in that minute (UTC)
 *
 * `k` is the SHA-256 of the id in hex, so any id maps to a safe file name,
 * and the two levels of 256 directories keep every folder small (a million
 * blobs make about 15 per folder). `r` names one put or delete: the store's
 * clock in milliseconds as 12 hex digits, then 8 random hex digits. A
 * delete's taken sidecar tells its age by that name (a rename keeps the
 * file's old modification time); a put's temporary files by their
 * modification time, which is fresh while the put writes.
 */

export const OBJECTS = 'objects';
export const TMP = 'tmp';
export const EXPIRY = 'expiry';

export const keyOf = (id: string): string => createHash('sha256').update(id).digest('hex');

export const newOperation = (now: Date): string =>
  now.getTime().toString(16).padStart(12, '0') + randomBytes(4).toString('hex');

/** When the put or delete named `operation` started, by the store's clock. */
export const operationTime = (operation: string): number => parseInt(operation.slice(0, 12), 16);

const KEY = '[0-9a-f]{64}';
const OPERATION = '[0-9a-f]{20}';
/** A file of tmp/: its key, operation and kind. */
export const TEMP_FILE = new RegExp(`^(${KEY})\\.(${OPERATION})\\.(data|json|deleting)$`);
/** A marker of expiry/<bucket>/. */
export const MARKER = new RegExp(`^(${KEY})\\.(${OPERATION})$`);
/** A folder of expiry/. */
export const BUCKET = /^\d{8}T\d{4}$/;

/** The minute of an expiry as `YYYYMMDDTHHmm`; fixed width, so names sort as times do (years 1970 to 9999). */
export const bucketOf = (at: Date): string => at.toISOString().slice(0, 16).replace(/[-:]/g, '');

export const dataName = (key: string, operation: string): string => `${key}.${operation}.data`;

export class FolderLayout {
  constructor(readonly root: string) {}

  get objects(): string {
    return join(this.root, OBJECTS);
  }

  get tmp(): string {
    return join(this.root, TMP);
  }

  get expiry(): string {
    return join(this.root, EXPIRY);
  }

  shard(key: string): string {
    return join(this.root, OBJECTS, key.slice(0, 2), key.slice(2, 4));
  }

  sidecar(key: string): string {
    return join(this.shard(key), `${key}.json`);
  }

  data(key: string, name: string): string {
    return join(this.shard(key), name);
  }

  temp(key: string, operation: string, kind: 'data' | 'json' | 'deleting'): string {
    return join(this.root, TMP, `${key}.${operation}.${kind}`);
  }

  bucket(at: Date): string {
    return join(this.root, EXPIRY, bucketOf(at));
  }

  marker(key: string, operation: string, expiresAt: Date): string {
    return join(this.bucket(expiresAt), `${key}.${operation}`);
  }
}
