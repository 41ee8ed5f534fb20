import {
  type Blob,
  type BlobInfo,
  type BlobSource,
  type BlobStore,
  BlobStoreError,
  type BlobStoreOptions,
  type BufferedBlob,
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
import { type FileHandle, link, mkdir, open, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  BUCKET,
  FolderLayout,
  MARKER,
  TEMP_FILE,
  bucketOf,
  dataName,
  keyOf,
  newOperation,
  operationTime,
} from './folder-layout';
import { type Sidecar, isMissing, readSidecar, toInfo } from './sidecar';

export type FolderBlobStoreOptions = BlobStoreOptions;

/** A put that finds the id taken by a blob that then disappears retries its link this often. */
const LINK_ATTEMPTS = 3;

/**
 * The blob store in a local folder, for the embedded default (`npm start`).
 * Several store instances, in one process or several on one machine, may
 * share the folder: every step that decides something is one atomic
 * file system call (an exclusive create, a hard link that fails when the
 * name exists, a rename). The folder must be on a local file system with
 * hard links (any Linux one).
 *
 * A put:
 * 1. An id that holds a blob already: the bytes are only hashed and compared.
 * 2. The bytes go into tmp/<k>.<r>.data, and are fsync'ed.
 * 3. The sidecar (contentType, size, sha256, dates, metadata, and the data
 *    file's name) goes into tmp/<k>.<r>.json, fsync'ed: the put's journal.
 * 4. An expiring blob gets its marker in expiry/<minute>/.
 * 5. The data file is renamed into objects/<k0k1>/<k2k3>/<k>.<r>.data. It is
 *    not visible yet: nothing names it.
 * 6. The sidecar is hard-linked to objects/…/<k>.json. THIS is the write
 *    that makes the blob visible, with both files complete; the link fails
 *    when another put linked first, and that put's blob stays (the loser
 *    removes its data file and compares). The folder is fsync'ed.
 * 7. The journal tmp/<k>.<r>.json is removed.
 *
 * Temporary files live in tmp/ of the same root rather than beside each
 * shard: the same file system, so the renames and links are atomic, and one
 * folder to read when the store opens and removes what crashed puts and
 * deletes left (see `removeAbandoned`).
 */
export class FolderBlobStore implements BlobStore {
  private readonly layout: FolderLayout;
  private readonly settings: ResolvedBlobStoreOptions;
  private closed = false;

  /** Opens (and creates) the folder, removing what crashed puts and deletes left. */
  static async open(root: string, options: FolderBlobStoreOptions = {}): Promise<FolderBlobStore> {
    const store = new FolderBlobStore(root, options);
    for (const dir of [store.layout.objects, store.layout.tmp, store.layout.expiry]) {
      await mkdir(dir, { recursive: true });
    }
    await store.removeAbandoned();
    return store;
  }

  private constructor(root: string, options: FolderBlobStoreOptions) {
    this.layout = new FolderLayout(root);
    this.settings = resolveBlobStoreOptions(options);
  }

  async put(id: string, data: BlobSource, options: PutOptions): Promise<PutResult> {
    this.live();
    checkBlobId(id);
    const checked = checkPutOptions(id, options);
    const key = keyOf(id);
    const layout = this.layout;

    // 1. Taken already: compare the bytes, write nothing.
    const existing = await readSidecar(layout.sidecar(key));
    if (existing)
      return outcomeForExisting(toInfo(existing), await consumeBlobSource(id, data, this.settings.maxBytes, noop));

    // 2. The bytes, into a temporary file.
    const operation = newOperation(this.settings.now());
    const tmpData = layout.temp(key, operation, 'data');
    const tmpSidecar = layout.temp(key, operation, 'json');
    const name = dataName(key, operation);
    const handle = await open(tmpData, 'wx');
    try {
      const measured = await consumeBlobSource(id, data, this.settings.maxBytes, (piece) => writeAll(handle, piece));
      await handle.sync();
      await handle.close();

      // 3. The sidecar, into a temporary file: from here on it is the put's journal.
      const sidecar: Sidecar = {
        id,
        data: name,
        contentType: checked.contentType,
        size: measured.size,
        sha256: measured.sha256,
        createdAt: this.settings.now().toISOString(),
        expiresAt: checked.expiresAt?.toISOString() ?? null,
        metadata: checked.metadata,
      };
      await writeDurably(tmpSidecar, JSON.stringify(sidecar));

      // 4. The expiry marker, before the blob can be seen, so that no visible blob lacks one.
      if (checked.expiresAt) await this.writeMarker(layout.marker(key, operation, checked.expiresAt));

      // 5. The bytes into place, under a name nothing refers to yet.
      await mkdir(layout.shard(key), { recursive: true });
      await rename(tmpData, layout.data(key, name));

      // 6. The link that makes the blob visible.
      return await this.linkSidecar(id, key, tmpSidecar, name, measured);
    } finally {
      await handle.close().catch(noop);
      // 7. The journal and any temporary bytes go; on failure the data file went in linkSidecar.
      await rm(tmpData, { force: true });
      await rm(tmpSidecar, { force: true });
    }
  }

  async get(id: string): Promise<Blob | null> {
    this.live();
    const key = keyOf(checkBlobId(id));
    const path = this.layout.sidecar(key);
    let sidecar = await readSidecar(path);
    while (sidecar) {
      const file = this.layout.data(key, sidecar.data);
      try {
        // An open file stays readable when a delete removes its name.
        const handle = await open(file, 'r');
        return { ...toInfo(sidecar), stream: handle.createReadStream() };
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
      // Deleted between the two reads; another put may have taken the id since.
      const again = await readSidecar(path);
      if (again?.data === sidecar.data) {
        throw new BlobStoreError(`blob '${id}': its data file ${file} is missing; it was removed outside the store`);
      }
      sidecar = again;
    }
    return null;
  }

  async getBuffer(id: string): Promise<BufferedBlob | null> {
    return bufferBlob(await this.get(id));
  }

  async head(id: string): Promise<BlobInfo | null> {
    this.live();
    const sidecar = await readSidecar(this.layout.sidecar(keyOf(checkBlobId(id))));
    return sidecar && toInfo(sidecar);
  }

  async delete(id: string): Promise<boolean> {
    this.live();
    return this.remove(keyOf(checkBlobId(id)));
  }

  /**
   * Reads expiry/ a minute folder at a time, oldest first (each is a page),
   * and deletes the blobs expired by `now`, in order of their expiry. A
   * marker whose put failed, lost its race or was deleted is removed on the
   * way; one whose put is still in progress (its journal is in tmp/) is kept.
   */
  async deleteExpired(now: Date, options?: DeleteExpiredOptions): Promise<number> {
    const limit = checkDeleteExpired(now, options);
    this.live();
    const current = bucketOf(now);
    const buckets = (await listFolder(this.layout.expiry)).filter((b) => BUCKET.test(b) && b <= current).sort();
    let deleted = 0;
    for (const bucket of buckets) {
      if (deleted >= limit) break;
      const folder = join(this.layout.expiry, bucket);
      const expired: Array<{ key: string; data: string; at: number }> = [];
      let kept = 0;
      for (const marker of await listFolder(folder)) {
        const match = MARKER.exec(marker);
        if (!match) continue;
        const [, key, operation] = match;
        const name = dataName(key, operation);
        const journal = this.layout.temp(key, operation, 'json');
        // The journal first: it goes only after the link, so without it the put is over.
        if (await exists(journal)) {
          kept++;
          continue;
        }
        const sidecar = await readSidecar(this.layout.sidecar(key));
        if (sidecar?.data !== name || sidecar.expiresAt === null) {
          await rm(join(folder, marker), { force: true });
          continue;
        }
        const at = Date.parse(sidecar.expiresAt);
        if (at <= now.getTime()) expired.push({ key, data: name, at });
        else kept++;
      }
      expired.sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));
      for (const { key, data } of expired) {
        if (deleted >= limit) {
          kept++;
          continue;
        }
        // Only this very blob: if the id was deleted and put again meanwhile, the new one stays.
        if (await this.remove(key, data)) deleted++;
      }
      // Empty now; a put that adds a marker meanwhile makes the folder again (writeMarker).
      if (kept === 0) await rmdir(folder).catch(noop);
    }
    return deleted;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /**
   * Links the sidecar into place (step 6 of a put). When the name exists,
   * the blob already there wins; if it disappears before it could be read,
   * the link is tried again.
   */
  private async linkSidecar(
    id: string,
    key: string,
    tmpSidecar: string,
    name: string,
    measured: { size: number; sha256: string },
  ): Promise<PutResult> {
    const dropData = () => rm(this.layout.data(key, name), { force: true });
    for (let attempt = 1; ; attempt++) {
      try {
        await link(tmpSidecar, this.layout.sidecar(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
          await dropData();
          throw error;
        }
        const winner = await readSidecar(this.layout.sidecar(key));
        if (!winner && attempt < LINK_ATTEMPTS) continue;
        await dropData();
        if (!winner)
          throw new BlobStoreError(`blob '${id}' was put and deleted by others during this put; put it again`);
        return outcomeForExisting(toInfo(winner), measured);
      }
      // Visible now; the fsync makes the link and the renamed data file survive a power cut.
      await syncFolder(this.layout.shard(key));
      return { id, size: measured.size, sha256: measured.sha256, created: true };
    }
  }

  /**
   * Deletes the blob of `key`, or only the one whose data file is `onlyData`.
   * 1. The sidecar is renamed into tmp/: one atomic step takes the blob out
   *    of sight, and of two deletes only one gets it.
   * 2. If it is not the blob meant, it is linked back (unless a put took the
   *    id in the meantime, which then wins).
   * 3. The data file and the expiry marker go, then the taken sidecar.
   * A crash between the steps leaves the sidecar in tmp/, from which the
   * next open finishes the delete.
   */
  private async remove(key: string, onlyData?: string): Promise<boolean> {
    const taken = this.layout.temp(key, newOperation(this.settings.now()), 'deleting');
    try {
      await rename(this.layout.sidecar(key), taken);
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
    const sidecar = await readSidecar(taken);
    if (!sidecar) return false;
    if (onlyData !== undefined && sidecar.data !== onlyData) {
      const restored = await link(taken, this.layout.sidecar(key)).then(
        () => true,
        () => false,
      );
      if (restored) {
        await rm(taken, { force: true });
        return false;
      }
    }
    await this.removeFiles(key, sidecar);
    await rm(taken, { force: true });
    return sidecar.data === onlyData || onlyData === undefined;
  }

  private async removeFiles(key: string, sidecar: Sidecar): Promise<void> {
    await rm(this.layout.data(key, sidecar.data), { force: true });
    if (sidecar.expiresAt !== null) {
      const operation = sidecar.data.split('.')[1];
      await rm(this.layout.marker(key, operation, new Date(sidecar.expiresAt)), { force: true });
    }
  }

  /** Creates an empty marker file, making its minute folder when needed (deleteExpired removes empty ones). */
  private async writeMarker(path: string): Promise<void> {
    const folder = dirname(path);
    for (let attempt = 1; ; attempt++) {
      await mkdir(folder, { recursive: true });
      try {
        await writeDurably(path, '', 'w');
        await syncFolder(folder);
        return;
      } catch (error) {
        // The folder was removed as empty between the two calls.
        if (!isMissing(error) || attempt === LINK_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * What puts and deletes older than `abandonedAfterMs` left in tmp/ when
   * their process died (a put's files by their modification time, the last
   * write of a put in progress; a delete's by the time in its name):
   * - `.data`: bytes that never got a sidecar; removed.
   * - `.json`: the journal of a put; its data file in objects/ is removed
   *   unless the visible sidecar names it (the put linked it before dying).
   * - `.deleting`: the sidecar a delete took away; the delete is finished.
   * Unknown files are left alone. Expiry markers without a blob are removed
   * by deleteExpired.
   */
  private async removeAbandoned(): Promise<void> {
    const before = this.settings.now().getTime() - this.settings.abandonedAfterMs;
    for (const file of await listFolder(this.layout.tmp)) {
      const match = TEMP_FILE.exec(file);
      if (!match) continue;
      const [, key, operation, kind] = match;
      const path = this.layout.temp(key, operation, kind as 'data' | 'json' | 'deleting');
      const age = kind === 'deleting' ? operationTime(operation) : await modified(path);
      if (age === null || age > before) continue;
      if (kind === 'json' || kind === 'deleting') {
        const orphan =
          kind === 'json' ? dataName(key, operation) : ((await readSidecar(path).catch(() => null))?.data ?? null);
        const visible = await readSidecar(this.layout.sidecar(key));
        if (orphan !== null && visible?.data !== orphan) await rm(this.layout.data(key, orphan), { force: true });
      }
      await rm(path, { force: true });
    }
  }

  private live(): void {
    if (this.closed) throw new BlobStoreError('the blob store is closed');
  }
}

const noop = async (): Promise<void> => undefined;

async function writeAll(handle: FileHandle, piece: Buffer): Promise<void> {
  let at = 0;
  while (at < piece.length) {
    const { bytesWritten } = await handle.write(piece, at, piece.length - at);
    at += bytesWritten;
  }
}

/** Writes a new file and fsyncs it before returning. */
async function writeDurably(path: string, text: string, flag: 'wx' | 'w' = 'wx'): Promise<void> {
  const handle = await open(path, flag);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes the names created in a folder survive a power cut. */
async function syncFolder(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function listFolder(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
}

/** The modification time in milliseconds, or null when the file is gone. */
async function modified(path: string): Promise<number | null> {
  try {
    return (await stat(path)).mtimeMs;
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}
