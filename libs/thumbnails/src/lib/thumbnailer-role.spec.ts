import { SqliteMessageLog } from '@regicam/messaging/sqlite';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { thumbnailerScenarios } from '../test-support/role-scenarios';

// The embedded message log: a SQLite file of its own per describe block.
thumbnailerScenarios('the SQLite message log', {
  unique: (prefix) => prefix,
  open: async () => {
    const log = new SqliteMessageLog({ path: join(mkdtempSync(join(tmpdir(), 'regicam-thumbs-log-')), 'log.sqlite') });
    return { log, close: () => log.close() };
  },
});
