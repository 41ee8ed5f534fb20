import { resolve } from 'node:path';
import { parseEnvironment } from '@regicam/util';
import { z } from 'zod';

/**
 * Where RegiCam keeps its data. The embedded default needs nothing: SQLite
 * files and a generated key under DATA_DIR. Production points at
 * EventStoreDB / KurrentDB and MongoDB and gives the key ring.
 */
const StoreEnv = z.object({
  DATA_DIR: z.string().min(1).default('var'),
  EVENT_STORE: z.enum(['sqlite', 'kurrentdb']).default('sqlite'),
  EVENTSTORE_URL: z.string().optional(),
  READ_STORE: z.enum(['sqlite', 'mongodb']).default('sqlite'),
  MONGO_URL: z.string().optional(),
  MONGO_DB: z.string().min(1).default('regicam'),
  REGICAM_SECRET_KEYS: z.string().optional(),
});

export type StoreConfig = {
  dataDir: string;
  eventStore: { kind: 'sqlite'; path: string } | { kind: 'kurrentdb'; url: string };
  readStore: { kind: 'sqlite'; path: string } | { kind: 'mongodb'; url: string; database: string };
  secrets: { configured?: string; keyFile: string };
};

export function loadStoreConfig(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  const e = parseEnvironment(StoreEnv, env);
  const dataDir = resolve(e.DATA_DIR);
  const need = (name: 'EVENTSTORE_URL' | 'MONGO_URL', value: string | undefined, because: string): string => {
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
    secrets: { configured: e.REGICAM_SECRET_KEYS, keyFile: resolve(dataDir, 'secret.key') },
  };
}
