import { KafkaMessageLog } from '@regicam/messaging/kafka';
import { requireServer, uniqueName } from '@regicam/testing/servers';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topics, topicsText } from './topics';

describe('regicam topics', () => {
  it('on the embedded log: creates every topic, then finds nothing to change', async () => {
    const env = { DATA_DIR: mkdtempSync(join(tmpdir(), 'regicam-topics-')) };
    const first = await topics({}, env);
    expect(first.found.filter((d) => d.fix === 'create')).toHaveLength(first.topics);
    expect(first.remaining).toEqual([]);
    const again = await topics({ check: true }, env);
    expect(again.found).toEqual([]);
    expect(topicsText(again, true)).toBe(`all ${again.topics} topics are as they should be`);
  });

  it('on Kafka: reports a retention set by hand, sets it back, and names a partition count it cannot change', async () => {
    const brokers = requireServer('KAFKA_BROKERS');
    const prefix = `${uniqueName('topics')}.`;
    const env = { KAFKA_BROKERS: brokers, TOPIC_PREFIX: prefix, TOPIC_PARTITIONS: '2' };
    const log = new KafkaMessageLog({ brokers: brokers.split(',') });
    try {
      expect((await topics({}, env)).remaining).toEqual([]);
      const transactions = `${prefix}regicam.transactions.v1`;
      await log.alterTopicConfigs([{ name: transactions, config: { retentionMs: 60_000 } }]);
      // The broker applies a topic's new config a moment after it acknowledged it.
      for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
        const [described] = await log.describeTopics([transactions]);
        if (described.exists && described.config.retentionMs === 60_000) break;
      }
      const check = await topics({ check: true }, { ...env, TOPIC_PARTITIONS: '3' });
      const text = topicsText(check, true);
      expect(text).toContain(`topic ${transactions} keeps records 1 minute where 30 days is wanted`);
      expect(text).toContain(`topic ${prefix}regicam.links.v1 has 2 partitions where 3 are wanted`);
      const fixed = await topics({}, { ...env, TOPIC_PARTITIONS: '3' });
      expect(fixed.remaining.every((d) => d.field === 'partitions' || d.fix === 'add-partitions')).toBe(true);
      expect((await topics({ check: true }, env)).found.filter((d) => d.field === 'retentionMs')).toEqual([]);
    } finally {
      await log.deleteTopics((await log.describeTopics([])).map((t) => t.name).filter((n) => n.startsWith(prefix)));
      await log.close();
    }
  });
});
