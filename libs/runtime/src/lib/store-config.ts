import { resolve } from 'node:path';
import { parseEnvironment } from '@regicam/util';
import { z } from 'zod';

/**
 * Where RegiCam keeps its data. The embedded default needs nothing: SQLite
 * files, a blob folder and a generated key under DATA_DIR. Production points
 * at EventStoreDB / KurrentDB and MongoDB (GridFS for the blobs) and gives
 * the key ring.
 */
const StoreEnv = z.object({
  DATA_DIR: z.string().min(1).default('var'),
  EVENT_STORE: z.enum(['sqlite', 'kurrentdb']).default('sqlite'),
  EVENTSTORE_URL: z.string().optional(),
  READ_STORE: z.enum(['sqlite', 'mongodb']).default('sqlite'),
  MONGO_URL: z.string().optional(),
  MONGO_DB: z.string().min(1).default('regicam'),
  BLOB_STORE: z.enum(['folder', 'gridfs']).default('folder'),
  /** The blob store's own MongoDB; the read store's MONGO_URL when not set. */
  BLOB_MONGO_URL: z.string().min(1).optional(),
  BLOB_MAX_BYTES: z.coerce.number().int().positive().optional(),
  REGICAM_SECRET_KEYS: z.string().optional(),
  /** `sqlite` (embedded, one process) or `kafka` (KAFKA_BROKERS); `kafka` when KAFKA_BROKERS is set. */
  MESSAGE_LOG: z.enum(['sqlite', 'kafka']).optional(),
  KAFKA_BROKERS: z
    .string()
    .regex(/^[^,\s]+(,[^,\s]+)*$/, 'a comma-separated list of host:port')
    .optional(),
  /**
   * How long Kafka waits for a member of a consumer group that stopped
   * answering (a crashed process) before its partitions go to the others.
   */
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).optional(),
  /** Put before every topic name, so that installations or test runs can share one Kafka cluster. */
  TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]*$/, 'letters, digits and . _ - only')
    .default(''),
  /** Partitions of the topics RegiCam creates (not the dead-letter ones). */
  TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(6),
  /** How long regicam.transactions.v1 keeps its records, in days (0: forever). */
  TRANSACTIONS_RETENTION_DAYS: z.coerce.number().int().min(0).default(30),
});

export type StoreConfig = {
  dataDir: string;
  eventStore: { kind: 'sqlite'; path: string } | { kind: 'kurrentdb'; url: string };
  readStore: { kind: 'sqlite'; path: string } | { kind: 'mongodb'; url: string; database: string };
  blobStore: BlobStoreConfig;
  secrets: { configured?: string; keyFile: string };
  messageLog: MessageLogConfig;
};

/** Where the topics are: one SQLite file (embedded default) or Kafka; the topics' names and settings. */
export type MessageLogConfig = (
  { kind: 'sqlite'; path: string } | { kind: 'kafka'; brokers: string[]; sessionTimeoutMs?: number }
) & {
  topicPrefix: string;
  partitions: number;
  /** null: forever. */
  transactionRetentionMs: number | null;
};

/** Frames and thumbnails: a folder (embedded default) or GridFS in the database named by MONGO_DB. */
export type BlobStoreConfig = ({ kind: 'folder'; path: string } | { kind: 'gridfs'; url: string; database: string }) & {
  maxBytes?: number;
};

export function loadStoreConfig(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  const e = parseEnvironment(StoreEnv, env);
  const dataDir = resolve(e.DATA_DIR);
  const need = (name: string, value: string | undefined, because: string): string => {
    if (!value) throw new Error(`${name} must be set when ${because}`);
    return value;
  };
  return {
    dataDir,
    eventStore:
      e.EVENT_STORE === 'sqlite'
        ? { kind: 'sqlite', path: resolve(dataDir, 'events.sqlite') }
        : { kind: 'kurrentdb', url: need('EVENTSTORE_URL', e.EVENTSTORE_URL, 'EVENT_STORE=kurrentdb') },
    readStore:
      e.READ_STORE === 'sqlite'
        ? { kind: 'sqlite', path: resolve(dataDir, 'read.sqlite') }
        : { kind: 'mongodb', url: need('MONGO_URL', e.MONGO_URL, 'READ_STORE=mongodb'), database: e.MONGO_DB },
    blobStore: {
      ...(e.BLOB_STORE === 'folder'
        ? { kind: 'folder', path: resolve(dataDir, 'blobs') }
        : {
            kind: 'gridfs',
            url: need('BLOB_MONGO_URL or MONGO_URL', e.BLOB_MONGO_URL ?? e.MONGO_URL, 'BLOB_STORE=gridfs'),
            database: e.MONGO_DB,
          }),
      ...(e.BLOB_MAX_BYTES === undefined ? {} : { maxBytes: e.BLOB_MAX_BYTES }),
    },
    secrets: { configured: e.REGICAM_SECRET_KEYS, keyFile: resolve(dataDir, 'secret.key') },
    messageLog: {
      ...((e.MESSAGE_LOG ?? (e.KAFKA_BROKERS ? 'kafka' : 'sqlite')) === 'sqlite'
        ? { kind: 'sqlite' as const, path: resolve(dataDir, 'messages.sqlite') }
        : {
            kind: 'kafka' as const,
            brokers: need('KAFKA_BROKERS', e.KAFKA_BROKERS, 'MESSAGE_LOG=kafka').split(','),
            ...(e.KAFKA_SESSION_TIMEOUT_MS === undefined ? {} : { sessionTimeoutMs: e.KAFKA_SESSION_TIMEOUT_MS }),
          }),
      topicPrefix: e.TOPIC_PREFIX,
      partitions: e.TOPIC_PARTITIONS,
      transactionRetentionMs: e.TRANSACTIONS_RETENTION_DAYS === 0 ? null : e.TRANSACTIONS_RETENTION_DAYS * 86_400_000,
    },
  };
}
