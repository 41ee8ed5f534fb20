import type { EventStore } from '@regicam/event-store';
import { KurrentEventStore } from '@regicam/event-store/kurrentdb';
import { SqliteEventStore } from '@regicam/event-store/sqlite';
import type { ReadStore } from '@regicam/read-store';
import { MongoReadStore } from '@regicam/read-store/mongodb';
import { SqliteReadStore } from '@regicam/read-store/sqlite';
import { SecretBox, loadKeyring } from '@regicam/secrets';
import { mkdirSync } from 'node:fs';
import type { StoreConfig } from './store-config';

export type Stores = {
  eventStore: EventStore;
  readStore: ReadStore;
  secrets: SecretBox;
  /** True when this start created the data folder's key (a new installation). */
  newKey: boolean;
  close: () => Promise<void>;
};

/** Opens the configured event store, read store and secret box. */
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
  const { keyring, source } = loadKeyring(config.secrets);
  return {
    eventStore,
    readStore,
    secrets: new SecretBox(keyring),
    newKey: source === 'generated',
    close: async () => {
      await readStore.close();
      await eventStore.close();
    },
  };
}
