import { EXAMPLES, TOPIC, encodeRecord } from '@regicam/contracts';
import { loadStoreConfig, openMessageLog } from '@regicam/runtime';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { records } from './records';
import { topics } from './topics';

describe('regicam records', () => {
  it('shows the newest records of a topic of the embedded log, each checked against its contract', async () => {
    const env = { DATA_DIR: mkdtempSync(join(tmpdir(), 'regicam-records-')) };
    await topics({}, env);
    const log = openMessageLog(loadStoreConfig(env).messageLog);
    const good = encodeRecord(TOPIC.transactions, EXAMPLES[TOPIC.transactions][0], { position: '12' });
    await log.send(TOPIC.transactions, [good, { key: 'smaregi:demo:1', value: '{"type":"Nope"}' }]);
    await log.close();
    const table = await records('transactions', { limit: 10, format: 'table' }, env);
    expect(table).toMatch(/TransactionReceived/);
    expect(table).toMatch(/INVALID: missing header regicam-record-id/);
    const json = (await records('regicam.transactions.v1', { limit: 1, format: 'ndjson' }, env)).split('\n');
    expect(json).toHaveLength(1);
    await expect(records('nope', { limit: 1, format: 'table' }, env)).rejects.toThrow(
      /no topic nope; name one of links/,
    );
  });
});
