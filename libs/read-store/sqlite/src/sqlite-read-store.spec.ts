import { readStoreContract } from '@regicam/read-store/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReadStore } from './lib/sqlite-read-store';

// A temporary file, so that a second store instance reopens the same storage.
readStoreContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'read-store-'));
  const file = join(dir, 'read-store.sqlite');
  return {
    open: async () => new SqliteReadStore(file),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
