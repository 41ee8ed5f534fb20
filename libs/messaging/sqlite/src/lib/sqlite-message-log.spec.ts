import { messageLogContract } from '@regicam/messaging/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteMessageLog } from './sqlite-message-log';

messageLogContract('SQLite (embedded)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'regicam-log-'));
  let n = 0;
  return {
    open: () => new SqliteMessageLog({ path: join(dir, 'log.sqlite'), pollIntervalMs: 20 }),
    unique: (prefix) => `${prefix}-${++n}`,
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
