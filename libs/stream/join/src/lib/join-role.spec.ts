import type { MessageLog } from '@regicam/messaging';
import { SqliteMessageLog } from '@regicam/messaging/sqlite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { joinScenarios } from '../testing/join-scenarios';

joinScenarios('the SQLite message log', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'regicam-join-'));
  const logs: MessageLog[] = [];
  let n = 0;
  return {
    open: () => {
      const log = new SqliteMessageLog({ path: join(dir, 'log.sqlite'), pollIntervalMs: 20 });
      logs.push(log);
      return log;
    },
    unique: (prefix) => `${prefix}-${++n}`,
    cleanup: async () => {
      for (const log of logs) await log.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
