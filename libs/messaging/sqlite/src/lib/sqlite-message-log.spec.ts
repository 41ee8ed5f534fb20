import { messageLogContract } from '@regicam/messaging/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteMessageLog } from './sqlite-message-log';

messageLogContract('SQLite (embedded)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'regicam-log-'));
  const options = { path: join(dir, 'log.sqlite'), pollIntervalMs: 20 };
  let n = 0;
  return {
    open: () => new SqliteMessageLog(options),
    unique: (prefix) => `${prefix}-${++n}`,
    child: { module: join(__dirname, 'sqlite-message-log.ts'), exportName: 'SqliteMessageLog', options },
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
