import { BlobTooLargeError } from '@regicam/blob-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openBlobStore, openStores } from './open-stores';
import { loadStoreConfig } from './store-config';

describe('the blob store configuration', () => {
  it('is a folder under DATA_DIR by default', () => {
    expect(loadStoreConfig({ DATA_DIR: 'data' }).blobStore).toEqual({ kind: 'folder', path: resolve('data', 'blobs') });
  });

  it('is GridFS in MONGO_DB on the read store’s MONGO_URL, or on BLOB_MONGO_URL', () => {
    expect(loadStoreConfig({ BLOB_STORE: 'gridfs', MONGO_URL: 'mongodb://read:27017/' }).blobStore).toEqual({
      kind: 'gridfs',
      url: 'mongodb://read:27017/',
      database: 'regicam',
    });
    expect(
      loadStoreConfig({
        BLOB_STORE: 'gridfs',
        MONGO_URL: 'mongodb://read:27017/',
        BLOB_MONGO_URL: 'mongodb://blobs:27017/',
        MONGO_DB: 'shop',
        BLOB_MAX_BYTES: '1048576',
      }).blobStore,
    ).toEqual({ kind: 'gridfs', url: 'mongodb://blobs:27017/', database: 'shop', maxBytes: 1048576 });
  });

  it('names the variable at fault', () => {
    expect(() => loadStoreConfig({ BLOB_STORE: 'gridfs' })).toThrow(
      'BLOB_MONGO_URL or MONGO_URL must be set when BLOB_STORE=gridfs',
    );
    expect(() => loadStoreConfig({ BLOB_STORE: 's3' })).toThrow(/BLOB_STORE/);
    expect(() => loadStoreConfig({ BLOB_MAX_BYTES: 'lots' })).toThrow(/BLOB_MAX_BYTES/);
    expect(() => loadStoreConfig({ BLOB_MAX_BYTES: '0' })).toThrow(/BLOB_MAX_BYTES/);
  });
});

describe('openBlobStore and openStores', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'regicam-runtime-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('opens the folder with the configured limit', async () => {
    const store = await openBlobStore({ kind: 'folder', path: join(dataDir, 'blobs'), maxBytes: 10 });
    try {
      expect((await store.put('a', Buffer.alloc(10), { contentType: 'image/jpeg' })).created).toBe(true);
      await expect(store.put('b', Buffer.alloc(11), { contentType: 'image/jpeg' })).rejects.toBeInstanceOf(
        BlobTooLargeError,
      );
    } finally {
      await store.close();
    }
  });

  it('opens the blob store with the others, and closes it with them', async () => {
    const stores = await openStores(loadStoreConfig({ DATA_DIR: dataDir }));
    await stores.blobStore.put('frames/1.jpg', Buffer.from('jpeg'), { contentType: 'image/jpeg' });
    await stores.close();
    await expect(stores.blobStore.head('frames/1.jpg')).rejects.toThrow(/closed/);

    const again = await openStores(loadStoreConfig({ DATA_DIR: dataDir }));
    try {
      expect((await again.blobStore.getBuffer('frames/1.jpg'))?.data.toString()).toBe('jpeg');
    } finally {
      await again.close();
    }
  });
});
