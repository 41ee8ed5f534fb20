import { requireServer, uniqueName } from '@regicam/testing/servers';
import { MongoClient } from 'mongodb';
import { openBlobStore } from './open-stores';
import { loadStoreConfig } from './store-config';

describe('openBlobStore with BLOB_STORE=gridfs', () => {
  it('stores blobs in GridFS in the database of MONGO_DB', async () => {
    const url = requireServer('MONGO_URL');
    const database = uniqueName('runtime-blobs').replace(/[^A-Za-z0-9_-]/g, '_');
    const store = await openBlobStore(
      loadStoreConfig({ BLOB_STORE: 'gridfs', BLOB_MONGO_URL: url, MONGO_DB: database }).blobStore,
    );
    const client = await MongoClient.connect(url);
    try {
      await store.put('frames/1.jpg', Buffer.from('jpeg'), { contentType: 'image/jpeg' });
      expect(await client.db(database).collection('blobs.files').countDocuments({ filename: 'frames/1.jpg' })).toBe(1);
    } finally {
      await store.close();
      await client.db(database).dropDatabase();
      await client.close();
    }
  });
});
