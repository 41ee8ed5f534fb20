import { readStoreContract } from '@regicam/read-store/testing';
import { requireServer, uniqueName } from '@regicam/testing/servers';
import { MongoClient } from 'mongodb';
import { MongoReadStore } from './lib/mongodb-read-store';

// One database per run, dropped at the end; every store instance opens it anew.
readStoreContract('MongoDB wire (MONGO_URL)', async () => {
  const url = requireServer('MONGO_URL');
  const database = uniqueName('read-store').replace(/[^A-Za-z0-9_-]/g, '_');
  return {
    open: () => MongoReadStore.connect(url, { database }),
    cleanup: async () => {
      const client = await MongoClient.connect(url);
      try {
        await client.db(database).dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
});
