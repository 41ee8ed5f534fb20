import { blobStoreContract, bytes, gatedStream, readAll, sha256, split } from '@regicam/blob-store/testing';
import { requireServer, uniqueName } from '@regicam/testing/servers';
import { type Db, GridFSBucket, MongoClient, type ObjectId } from 'mongodb';
import { GridFsBlobStore, type GridFsBlobStoreOptions } from './lib/gridfs-blob-store';

const databaseName = (prefix: string) => uniqueName(prefix).replace(/[^A-Za-z0-9_-]/g, '_');

async function dropDatabase(url: string, database: string): Promise<void> {
  const client = await MongoClient.connect(url);
  try {
    await client.db(database).dropDatabase();
  } finally {
    await client.close();
  }
}

// One database per run, dropped at the end; every store instance connects anew.
blobStoreContract('GridFS (MONGO_URL)', async () => {
  const url = requireServer('MONGO_URL');
  const database = databaseName('blob-store');
  return {
    open: (options) => GridFsBlobStore.connect(url, { database, ...options }),
    cleanup: () => dropDatabase(url, database),
  };
});

describe('GridFsBlobStore on the server', () => {
  jest.setTimeout(60_000);
  const KiB = 1024;
  let url: string;
  let database: string;
  let client: MongoClient;
  let db: Db;
  const opened: GridFsBlobStore[] = [];
  const openStore = async (options: GridFsBlobStoreOptions = {}) => {
    const store = await GridFsBlobStore.open(client, database, { chunkSizeBytes: 64 * KiB, ...options });
    opened.push(store);
    return store;
  };
  const files = () => db.collection('blobs.files');
  const chunks = () => db.collection('blobs.chunks');
  const pending = () => db.collection('blobs.pending');
  /** The journal entry of the put of `blobId` in progress. */
  const entryOf = async (blobId: string) => (await pending().findOne({ blobId })) as { _id: ObjectId; op: string };

  beforeAll(async () => {
    url = requireServer('MONGO_URL');
    database = databaseName('blob-store-gridfs');
    client = await MongoClient.connect(url);
    db = client.db(database);
  });

  afterAll(async () => {
    for (const store of opened) await store.close();
    await client.close();
    await dropDatabase(url, database);
  });

  it('keeps a blob as one GridFS file named by the id, its information in the files document', async () => {
    const store = await openStore();
    const id = 'frames/cam-1/2026-04-01T09:00:00.000Z.jpg';
    const data = bytes(200 * KiB, 1);
    const expiresAt = new Date('2026-04-04T09:00:00.000Z');
    await store.put(id, data, { contentType: 'image/jpeg', expiresAt, metadata: { cameraId: 'cam-1' } });

    const file = await files().findOne({ filename: id });
    expect(file).toEqual({
      _id: expect.anything(),
      length: data.length,
      chunkSize: 64 * KiB,
      uploadDate: expect.any(Date),
      filename: id,
      metadata: { contentType: 'image/jpeg', sha256: sha256(data), expiresAt, attributes: { cameraId: 'cam-1' } },
    });
    expect(await chunks().countDocuments({ files_id: file!['_id'] })).toBe(4);
    expect(await pending().countDocuments({})).toBe(0);
    // Any GridFS tool reads it by name.
    const byName = await readAll(new GridFSBucket(db, { bucketName: 'blobs' }).openDownloadStreamByName(id));
    expect(byName.data.equals(data)).toBe(true);

    await store.put('no-expiry', bytes(10, 2), { contentType: 'image/png' });
    expect((await files().findOne({ filename: 'no-expiry' }))!['metadata']).toEqual({
      contentType: 'image/png',
      sha256: sha256(bytes(10, 2)),
      attributes: {},
    });
  });

  it('declares a unique index on the id, an index on the expiry, and GridFS’s own', async () => {
    await openStore();
    const fileIndexes = await files().listIndexes().toArray();
    expect(fileIndexes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'blob_id_unique', key: { filename: 1 }, unique: true }),
        expect.objectContaining({ name: 'blob_expiry', key: { 'metadata.expiresAt': 1 } }),
        expect.objectContaining({ key: { filename: 1, uploadDate: 1 } }),
      ]),
    );
    expect(await chunks().listIndexes().toArray()).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: { files_id: 1, n: 1 }, unique: true })]),
    );
    // A second open ensures them again without error.
    await openStore();
  });

  it('writes the chunks first and the files document last, and shows the blob only then', async () => {
    const store = await openStore();
    const id = 'chunks-first';
    const data = bytes(3 * 128 * KiB, 3);
    const gated = gatedStream(split(data, 128 * KiB), 2);
    const putting = store.put(id, gated.stream, { contentType: 'image/jpeg' });
    await gated.reached;

    const entry = await entryOf(id);
    expect(entry.op).toBe('put');
    expect(await chunks().countDocuments({ files_id: entry._id })).toBeGreaterThanOrEqual(2);
    expect(await files().findOne({ _id: entry._id })).toBeNull();
    expect(await store.head(id)).toBeNull();

    gated.release();
    expect((await putting).created).toBe(true);
    expect(await files().findOne({ _id: entry._id })).toMatchObject({ filename: id, length: data.length });
    expect(await chunks().countDocuments({ files_id: entry._id })).toBe(6);
    expect(await pending().findOne({ _id: entry._id })).toBeNull();
  });

  it('removes the chunks of a put whose source failed half way', async () => {
    const store = await openStore();
    const id = 'failed-half-way';
    const gated = gatedStream(split(bytes(4 * 128 * KiB, 4), 128 * KiB), 3);
    const putting = store.put(id, gated.stream, { contentType: 'image/jpeg' });
    await gated.reached;
    const entry = await entryOf(id);
    expect(await chunks().countDocuments({ files_id: entry._id })).toBeGreaterThan(0);
    gated.release(new Error('connection to the camera lost'));
    await expect(putting).rejects.toThrow(/connection to the camera lost/);
    expect(await chunks().countDocuments({ files_id: entry._id })).toBe(0);
    expect(await files().countDocuments({ filename: id })).toBe(0);
    expect(await pending().countDocuments({ _id: entry._id })).toBe(0);
  });

  it('removes the chunks of the put that lost a race for the id', async () => {
    const store = await openStore();
    const id = 'lost-race';
    const gated = gatedStream(split(bytes(3 * 128 * KiB, 5), 128 * KiB), 2);
    const slow = store.put(id, gated.stream, { contentType: 'image/jpeg' });
    await gated.reached;
    const entry = await entryOf(id);
    await store.put(id, bytes(KiB, 6), { contentType: 'image/jpeg' });
    gated.release();
    await expect(slow).rejects.toThrow(`blob '${id}' exists with other bytes`);
    expect(await chunks().countDocuments({ files_id: entry._id })).toBe(0);
    expect(await files().countDocuments({ filename: id })).toBe(1);
  });

  it('removes, on open, the chunks of a put taken as crashed, and that put then fails', async () => {
    const start = new Date();
    const slow = await openStore({ now: () => start });
    const id = 'taken-as-crashed';
    const gated = gatedStream(split(bytes(3 * 128 * KiB, 7), 128 * KiB), 2);
    const putting = slow.put(id, gated.stream, { contentType: 'image/jpeg' });
    await gated.reached;
    const entry = await entryOf(id);
    expect(await chunks().countDocuments({ files_id: entry._id })).toBeGreaterThan(0);

    // A store opening two hours later takes the put's entry as abandoned.
    await openStore({ now: () => new Date(start.getTime() + 2 * 60 * 60 * 1000) });
    expect(await chunks().countDocuments({ files_id: entry._id })).toBe(0);
    expect(await pending().countDocuments({ _id: entry._id })).toBe(0);

    gated.release();
    await expect(putting).rejects.toThrow(`blob '${id}': the put took longer than 3600000 ms and was taken as crashed`);
    expect(await files().countDocuments({ filename: id })).toBe(0);
    expect(await chunks().countDocuments({ files_id: entry._id })).toBe(0);
    expect((await slow.put(id, bytes(KiB, 8), { contentType: 'image/jpeg' })).created).toBe(true);
  });

  it('keeps, on open, a recent put and a blob whose put died after its files document', async () => {
    const store = await openStore();
    await store.put('completed', bytes(KiB, 9), { contentType: 'image/jpeg' });
    const file = await files().findOne({ filename: 'completed' });
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await pending().insertOne({ _id: file!['_id'], blobId: 'completed', op: 'put', since: old });
    const gated = gatedStream(split(bytes(3 * 128 * KiB, 10), 128 * KiB), 2);
    const putting = store.put('recent', gated.stream, { contentType: 'image/jpeg' });
    await gated.reached;

    await openStore();
    expect((await store.getBuffer('completed'))?.data.equals(bytes(KiB, 9))).toBe(true);
    expect(await pending().countDocuments({ _id: file!['_id'] })).toBe(0);
    gated.release();
    expect((await putting).created).toBe(true);
  });

  it('reports a GridFS file written outside the store under a blob id', async () => {
    const store = await openStore();
    const upload = new GridFSBucket(db, { bucketName: 'blobs' }).openUploadStream('foreign');
    upload.end(Buffer.from('x'));
    await new Promise((resolve) => upload.once('finish', resolve));
    await expect(store.head('foreign')).rejects.toThrow(/the GridFS file [0-9a-f]{24} has no blob metadata/);
  });
});
