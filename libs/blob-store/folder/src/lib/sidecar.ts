import { type BlobInfo, BlobStoreError } from '@regicam/blob-store';
import { readFile } from 'node:fs/promises';

/** A blob's information as the sidecar JSON file holds it. */
export interface Sidecar {
  readonly id: string;
  /** The name of the data file beside the sidecar: `<key>.<operation>.data`. */
  readonly data: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly metadata: Readonly<Record<string, string>>;
}

export const toInfo = (s: Sidecar): BlobInfo => ({
  id: s.id,
  contentType: s.contentType,
  size: s.size,
  sha256: s.sha256,
  createdAt: new Date(s.createdAt),
  expiresAt: s.expiresAt === null ? null : new Date(s.expiresAt),
  metadata: { ...s.metadata },
});

export const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException)?.code === 'ENOENT';

/**
 * The sidecar at `path`, or null when there is none. Sidecars are written
 * whole before they are linked into place, so one that does not parse is
 * damage from outside the store, and is reported with its path.
 */
export async function readSidecar(path: string): Promise<Sidecar | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  if (!isSidecar(parsed))
    throw new BlobStoreError(`the sidecar ${path} is not a blob's information; it was changed outside the store`);
  return parsed;
}

function isSidecar(value: unknown): value is Sidecar {
  if (value === null || typeof value !== 'object') return false;
  const s = value as Record<string, unknown>;
  return (
    typeof s['id'] === 'string' &&
    typeof s['data'] === 'string' &&
    typeof s['contentType'] === 'string' &&
    typeof s['size'] === 'number' &&
    typeof s['sha256'] === 'string' &&
    typeof s['createdAt'] === 'string' &&
    (s['expiresAt'] === null || typeof s['expiresAt'] === 'string') &&
    s['metadata'] !== null &&
    typeof s['metadata'] === 'object'
  );
}
