import type { BlobStore } from '@regicam/blob-store';
import { FolderBlobStore } from '@regicam/blob-store/folder';
import { GridFsBlobStore } from '@regicam/blob-store/gridfs';
import type { EventStore } from '@regicam/event-store';
import { KurrentEventStore } from '@regicam/event-store/kurrentdb';
import { SqliteEventStore } from '@regicam/event-store/sqlite';
import type { ReadStore } from '@regicam/read-store';
import { MongoReadStore } from '@regicam/read-store/mongodb';
import { SqliteReadStore } from '@regicam/read-store/sqlite';
import { topicConfigs, topicNames, type TopicNames } from '@regicam/contracts';
import { ensureTopics, type MessageLog, type TopicDifference, type TopicSpec } from '@regicam/messaging';
import { KafkaMessageLog } from '@regicam/messaging/kafka';
import { SqliteMessageLog } from '@regicam/messaging/sqlite';
import { SecretBox, loadKeyring } from '@regicam/secrets';
import { mkdirSync } from 'node:fs';
import type { BlobStoreConfig, MessageLogConfig, StoreConfig } from './store-config';

export type Stores = {
  eventStore: EventStore;
  readStore: ReadStore;
  blobStore: BlobStore;
  /** The topics: Kafka, or the embedded SQLite log. */
  messageLog: MessageLog;
  /** The broker's names of the topics (with the configured prefix). */
  topics: TopicNames;
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
  const messageLog = openMessageLog(config.messageLog);
  const { keyring, source } = loadKeyring(config.secrets);
  return {
    eventStore,
    readStore,
    blobStore,
    messageLog,
    topics: topicNames(config.messageLog.topicPrefix),
    secrets: new SecretBox(keyring),
    newKey: source === 'generated',
    close: async () => {
      await messageLog.close();
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

/** Opens the configured message log: the embedded SQLite file, or a Kafka cluster. */
export function openMessageLog(config: MessageLogConfig): MessageLog {
  return config.kind === 'sqlite'
    ? new SqliteMessageLog({ path: config.path })
    : new KafkaMessageLog({ brokers: config.brokers, clientId: 'regicam', sessionTimeoutMs: config.sessionTimeoutMs });
}

/**
 * Every topic RegiCam uses, with its partitions, retention and cleanup
 * policy, as the broker is to hold it (names with the prefix).
 */
export function wantedTopics(config: MessageLogConfig): TopicSpec[] {
  const { partitions, transactionRetentionMs, topicPrefix } = config;
  return topicConfigs({ partitions, transactionRetentionMs }).map((t) => ({
    name: `${topicPrefix}${t.name}`,
    partitions: t.partitions,
    config: { retentionMs: t.retentionMs, cleanupPolicy: t.cleanupPolicy },
  }));
}

/**
 * Creates the topics that are missing and sets the configs that differ;
 * returns what it could not fix (fewer partitions than wanted, more than
 * wanted), for an operator to read.
 */
export function ensureRegiCamTopics(log: MessageLog, config: MessageLogConfig): Promise<TopicDifference[]> {
  return ensureTopics(log, wantedTopics(config));
}
