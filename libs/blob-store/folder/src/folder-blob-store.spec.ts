import { blobStoreContract, bytes, gatedStream, split } from '@regicam/blob-store/testing';
import {
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderBlobStore } from './lib/folder-blob-store';
import { bucketOf, dataName, keyOf, newOperation } from './lib/folder-layout';

// A temporary folder, so that a second store instance opens the same storage.
blobStoreContract('folder', async () => {
  const root = mkdtempSync(join(tmpdir(), 'blob-store-'));
  return {
    open: (options) => FolderBlobStore.open(root, options),
    cleanup: async () => rmSync(root, { recursive: true, force: true }),
  };
});

describe('FolderBlobStore on disk', () => {
  let root: string;
  const opened: FolderBlobStore[] = [];
  const openStore = async (options: Parameters<typeof FolderBlobStore.open>[1] = {}) => {
    const store = await FolderBlobStore.open(root, options);
    opened.push(store);
    return store;
  };
  const shard = (key: string) => join(root, 'objects', key.slice(0, 2), key.slice(2, 4));
  const list = (...path: string[]) => (existsSync(join(...path)) ? readdirSync(join(...path)).sort() : []);

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'blob-store-disk-'));
  });

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('keeps a blob as a sidecar and a data file in a hash-sharded folder, with nothing left in tmp', async () => {
    const store = await openStore();
    const id = 'frames/cam-1/2026-04-01T09:00:00.000Z.jpg';
    const expiresAt = new Date('2026-04-04T09:00:30.000Z');
    const data = bytes(1000, 1);
    await store.put(id, data, { contentType: 'image/jpeg', expiresAt, metadata: { cameraId: 'cam-1' } });

    const key = keyOf(id);
    const files = list(shard(key));
    expect(files).toHaveLength(2);
    expect(files).toContain(`${key}.json`);
    const dataFile = files.find((f) => f.endsWith('.data'))!;
    expect(dataFile).toMatch(new RegExp(`^${key}\\.[0-9a-f]{20}\\.data$`));
    expect(readFileSync(join(shard(key), dataFile)).equals(data)).toBe(true);
    expect(JSON.parse(readFileSync(join(shard(key), `${key}.json`), 'utf8'))).toEqual({
      id,
      data: dataFile,
      contentType: 'image/jpeg',
      size: 1000,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      createdAt: expect.any(String),
      expiresAt: '2026-04-04T09:00:30.000Z',
      metadata: { cameraId: 'cam-1' },
    });
    expect(list(root, 'tmp')).toEqual([]);
    expect(list(root, 'expiry')).toEqual(['20260404T0900']);
    expect(list(root, 'expiry', '20260404T0900')).toEqual([dataFile.replace(/\.data$/, '')]);

    expect(await store.delete(id)).toBe(true);
    expect(list(shard(key))).toEqual([]);
    expect(list(root, 'expiry', '20260404T0900')).toEqual([]);
    expect(list(root, 'tmp')).toEqual([]);
  });

  it('finishes on open what crashed puts and deletes left, and leaves recent and unknown files alone', async () => {
    const crashedAt = new Date('2026-04-01T00:00:00.000Z');
    const opening = new Date(crashedAt.getTime() + 2 * 60 * 60 * 1000);
    const tmp = join(root, 'tmp');
    const writer = await openStore({ now: () => crashedAt });

    // Crashed while the bytes arrived: a temporary data file.
    const receiving = keyOf('receiving');
    mkdirSync(tmp, { recursive: true });
    writeFileSync(join(tmp, `${receiving}.${newOperation(crashedAt)}.data`), 'half');

    // Crashed after moving the bytes into objects/, before the link: journal and data file, no sidecar.
    const unlinked = keyOf('unlinked');
    const unlinkedOp = newOperation(crashedAt);
    mkdirSync(shard(unlinked), { recursive: true });
    writeFileSync(join(shard(unlinked), dataName(unlinked, unlinkedOp)), 'all bytes');
    writeFileSync(join(tmp, `${unlinked}.${unlinkedOp}.json`), '{"partial":');

    // Crashed after the link, before removing the journal: a whole blob.
    await writer.put('linked', bytes(100, 2), { contentType: 'image/jpeg' });
    const linked = keyOf('linked');
    const linkedData = list(shard(linked)).find((f) => f.endsWith('.data'))!;
    linkSync(join(shard(linked), `${linked}.json`), join(tmp, linkedData.replace(/\.data$/, '.json')));

    // Crashed in a delete, after taking the sidecar away.
    await writer.put('deleting', bytes(100, 3), { contentType: 'image/jpeg' });
    const deleting = keyOf('deleting');
    linkSync(join(shard(deleting), `${deleting}.json`), join(tmp, `${deleting}.${newOperation(crashedAt)}.deleting`));
    rmSync(join(shard(deleting), `${deleting}.json`));

    // A put of another process, a minute old: in progress.
    const recent = `${keyOf('recent')}.${newOperation(new Date(opening.getTime() - 60_000))}.data`;
    writeFileSync(join(tmp, recent), 'arriving');
    writeFileSync(join(tmp, 'notes.txt'), 'not ours');

    // As old as the crash: a put's temporary files are dated by their modification time.
    for (const file of list(tmp)) {
      const at = file === recent ? new Date(opening.getTime() - 60_000) : crashedAt;
      utimesSync(join(tmp, file), at, at);
    }

    const store = await openStore({ now: () => opening });
    expect(list(tmp)).toEqual([recent, 'notes.txt'].sort());
    expect(list(shard(unlinked))).toEqual([]);
    expect(list(shard(deleting))).toEqual([]);
    expect(list(shard(linked))).toEqual([`${linked}.json`, linkedData].sort());
    expect((await store.getBuffer('linked'))?.data.equals(bytes(100, 2))).toBe(true);
    expect(await store.head('deleting')).toBeNull();
    expect((await store.put('unlinked', bytes(10, 4), { contentType: 'image/jpeg' })).created).toBe(true);
  });

  it('fails a put whose temporary file was removed as abandoned, showing nothing', async () => {
    const start = new Date();
    const slow = await openStore({ now: () => start });
    const gated = gatedStream(split(bytes(3 * 256 * 1024, 5), 256 * 1024), 2);
    const putting = slow.put('outlived', gated.stream, { contentType: 'image/jpeg' });
    await gated.reached;
    const later = await openStore({ now: () => new Date(start.getTime() + 2 * 60 * 60 * 1000) });
    expect(list(root, 'tmp')).toEqual([]);
    gated.release();
    await expect(putting).rejects.toThrow(/ENOENT/);
    expect(await later.head('outlived')).toBeNull();
    expect(list(shard(keyOf('outlived')))).toEqual([]);
    expect(list(root, 'tmp')).toEqual([]);
  });

  it('removes the expiry marker of a put that lost its race, and empty minute folders', async () => {
    const store = await openStore();
    const expiresAt = new Date('2026-04-01T00:00:00.000Z');
    const data = bytes(3 * 256 * 1024, 6);
    const gated = gatedStream(split(data, 256 * 1024), 2);
    const slow = store.put('raced', gated.stream, { contentType: 'image/jpeg', expiresAt });
    await gated.reached;
    await store.put('raced', data, { contentType: 'image/jpeg' });
    gated.release();
    expect((await slow).created).toBe(false);
    expect(list(root, 'expiry', bucketOf(expiresAt))).toHaveLength(1);

    expect(await store.deleteExpired(expiresAt)).toBe(0);
    expect(list(root, 'expiry')).toEqual([]);
    expect(await store.head('raced')).toMatchObject({ expiresAt: null });
  });

  it('keeps the marker of a put in progress, and deletes the blob once it is there', async () => {
    const store = await openStore();
    const expiresAt = new Date('2026-04-01T00:00:00.000Z');
    const gated = gatedStream(split(bytes(3 * 256 * 1024, 7), 256 * 1024), 2);
    const putting = store.put('expiring', gated.stream, { contentType: 'image/jpeg', expiresAt });
    await gated.reached;
    expect(await store.deleteExpired(expiresAt)).toBe(0);
    gated.release();
    await putting;
    expect(await store.deleteExpired(expiresAt)).toBe(1);
    expect(list(root, 'expiry')).toEqual([]);
  });

  it('reports a sidecar or a data file changed outside the store, naming the file', async () => {
    const store = await openStore();
    await store.put('damaged', bytes(10, 8), { contentType: 'image/jpeg' });
    const key = keyOf('damaged');
    const dataFile = list(shard(key)).find((f) => f.endsWith('.data'))!;
    rmSync(join(shard(key), dataFile));
    await expect(store.get('damaged')).rejects.toThrow(
      `blob 'damaged': its data file ${join(shard(key), dataFile)} is missing`,
    );
    writeFileSync(join(shard(key), `${key}.json`), '{"id": 1}');
    await expect(store.head('damaged')).rejects.toThrow(
      `the sidecar ${join(shard(key), `${key}.json`)} is not a blob's information`,
    );
  });
});
