import type { BlobStore } from '@regicam/blob-store';
import { FolderBlobStore } from '@regicam/blob-store/folder';
import { GridFsBlobStore } from '@regicam/blob-store/gridfs';
import type { EventStore } from '@regicam/event-store';
import { KurrentEventStore } from '@regicam/event-store/kurrentdb';
import { SqliteEventStore } from '@regicam/event-store/sqlite';
import type { ReadStore } from '@regicam/read-store';
import { MongoReadStore } from '@regicam/read-store/mongodb';
import { SqliteReadStore } from '@regicam/read-store/sqlite';
import { SecretBox, loadKeyring } from '@regicam/secrets';
import { mkdirSync } from 'node:fs';
import type { BlobStoreConfig, StoreConfig } from './store-config';

export type Stores = {
  eventStore: EventStore;
  readStore: ReadStore;
  blobStore: BlobStore;
  secrets: SecretBox;
  /** True when this start created the data folder's key (a new installation). */
  newKey: boolean;
  close: () => Promise<void>;
};

/** Opens the configured event store, read store, blob store and secret box. */
export async function openStores(config: StoreConfig): Promise<Stores> {
  mkdirSync(config.dataDir, { recursive: true });
  const eventStore: EventStore =
    config.eventStore.kind === 'sqlite'
      ? new SqliteEventStore({ path: config.eventStore.path })
      : new KurrentEventStore({ connectionString: config.eventStore.url });
  const readStore: ReadStore =
    config.readStore.kind === 'sqlite'
      ? new SqliteReadStore(config.readStore.path)
      : await MongoReadStore.connect(config.readStore.url, { database: config.readStore.database });
  const blobStore = await openBlobStore(config.blobStore);
  const { keyring, source } = loadKeyring(config.secrets);
  return {
    eventStore,
    readStore,
    blobStore,
    secrets: new SecretBox(keyring),
    newKey: source === 'generated',
    close: async () => {
      await blobStore.close();
      await readStore.close();
      await eventStore.close();
    },
  };
}

/** Opens the configured blob store: a folder (created if missing) or GridFS, with its own client. */
export async function openBlobStore(config: BlobStoreConfig): Promise<BlobStore> {
  return config.kind === 'folder'
    ? FolderBlobStore.open(config.path, { maxBytes: config.maxBytes })
    : GridFsBlobStore.connect(config.url, { database: config.database, maxBytes: config.maxBytes });
}
