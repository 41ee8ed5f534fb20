import { DEAD_LETTER_RETENTION_MS, deadLetterTopic } from '../lib/dead-letter';
import type { TopicDescription } from '../lib/message-log';
import { ensureTopics } from '../lib/topic-differences';
import { type ContractContext, DAY } from './context';

const described = (d: TopicDescription) => {
  if (!d.exists) throw new Error(`topic ${d.name} does not exist`);
  return d;
};

/** Topics: creation with config, descriptions, config changes, partitions, dead-letter topics. */
export function topicsContract(c: ContractContext): void {
  it('creates topics with their config and describes them as the log has them', async () => {
    const log = c.open();
    const [kept, forever, compacted, missing] = ['kept', 'forever', 'compacted', 'missing'].map((n) => c.unique(n));
    await log.createTopics([
      { name: kept, partitions: 3, config: { retentionMs: 30 * DAY, cleanupPolicy: 'delete' } },
      { name: forever, partitions: 2, config: { retentionMs: null } },
      { name: compacted, partitions: 1, config: { cleanupPolicy: 'compact', deleteRetentionMs: DAY / 2 } },
    ]);
    const [a, b, k, m] = await log.describeTopics([kept, forever, compacted, missing]);
    expect(described(a)).toMatchObject({
      name: kept,
      partitions: 3,
      config: { retentionMs: 30 * DAY, cleanupPolicy: 'delete' },
    });
    expect(described(b)).toMatchObject({ partitions: 2, config: { retentionMs: null, cleanupPolicy: 'delete' } });
    expect(described(k)).toMatchObject({
      partitions: 1,
      config: { cleanupPolicy: 'compact', deleteRetentionMs: DAY / 2 },
    });
    expect(m).toEqual({ name: missing, exists: false });
  });

  it('refuses a topic spec that makes no sense, naming it', async () => {
    const log = c.open();
    const name = c.unique('bad');
    await expect(log.createTopics([{ name, partitions: 0 }])).rejects.toThrow(`topic ${name}: partitions must be`);
    await expect(log.createTopics([{ name, partitions: 1, config: { retentionMs: -5 } }])).rejects.toThrow(
      /retentionMs must be a positive number/,
    );
    expect(await log.describeTopics([name])).toEqual([{ name, exists: false }]);
  });

  it('alters the config fields given and leaves the others', async () => {
    const log = c.open();
    const name = c.unique('alter');
    await log.createTopics([{ name, partitions: 1, config: { retentionMs: 7 * DAY, cleanupPolicy: 'delete' } }]);
    await log.alterTopicConfigs([{ name, config: { retentionMs: 3 * DAY } }]);
    expect(described((await log.describeTopics([name]))[0]).config).toMatchObject({
      retentionMs: 3 * DAY,
      cleanupPolicy: 'delete',
    });
    await log.alterTopicConfigs([{ name, config: { retentionMs: null } }]);
    expect(described((await log.describeTopics([name]))[0]).config.retentionMs).toBeNull();
    await expect(log.alterTopicConfigs([{ name: c.unique('absent'), config: { retentionMs: DAY } }])).rejects.toThrow();
  });

  it('grows a topic to more partitions, keeps its records, and refuses to shrink it', async () => {
    const log = c.open();
    const name = c.unique('grow');
    await log.createTopics([{ name, partitions: 2 }]);
    await log.send(name, [{ key: 'k', value: 'before' }]);
    await log.createPartitions([{ name, partitions: 4 }]);
    expect(described((await log.describeTopics([name]))[0]).partitions).toBe(4);
    const ends = await log.endOffsets(name);
    expect(ends.map((e) => e.partition)).toEqual([0, 1, 2, 3]);
    expect(ends.reduce((sum, e) => sum + Number(e.offset), 0)).toBe(1);
    await expect(log.createPartitions([{ name, partitions: 3 }])).rejects.toThrow();
    expect(described((await log.describeTopics([name]))[0]).partitions).toBe(4);
  });

  it('ensureTopics creates what is missing, fixes configs, and leaves partition differences to an operator', async () => {
    const log = c.open();
    const [created, altered, fewer] = ['ensure-new', 'ensure-alter', 'ensure-fewer'].map((n) => c.unique(n));
    await log.createTopics([
      { name: altered, partitions: 2, config: { retentionMs: DAY } },
      { name: fewer, partitions: 2 },
    ]);
    const left = await ensureTopics(log, [
      { name: created, partitions: 2, config: { retentionMs: 3 * DAY } },
      { name: altered, partitions: 2, config: { retentionMs: 7 * DAY } },
      { name: fewer, partitions: 4 },
    ]);
    expect(left.map((d) => [d.topic, d.field, d.fix])).toEqual([[fewer, 'partitions', 'add-partitions']]);
    const [a, b] = await log.describeTopics([created, altered]);
    expect(described(a)).toMatchObject({ partitions: 2, config: { retentionMs: 3 * DAY } });
    expect(described(b).config.retentionMs).toBe(7 * DAY);
  });

  it('a compacted topic refuses a record without a key', async () => {
    const log = c.open();
    const name = c.unique('compact-key');
    await log.createTopics([{ name, partitions: 1, config: { cleanupPolicy: 'compact' } }]);
    await expect(log.send(name, [{ key: null, value: 'x' }])).rejects.toThrow();
    await log.send(name, [{ key: 'k', value: 'x' }]);
    expect(await log.endOffsets(name)).toEqual([{ partition: 0, offset: '1' }]);
  });

  it('a consumer creates the dead-letter topic of each topic: one partition, kept 30 days', async () => {
    const log = c.open();
    const name = c.unique('dlq-spec');
    await log.createTopics([{ name, partitions: 3 }]);
    const consumer = await c.consume(log, { groupId: c.unique('g'), topics: [name], handler: async () => undefined });
    await consumer.stop();
    expect(deadLetterTopic(name)).toBe(`${name}.dlq`);
    expect(described((await log.describeTopics([deadLetterTopic(name)]))[0])).toMatchObject({
      partitions: 1,
      config: { retentionMs: DEAD_LETTER_RETENTION_MS, cleanupPolicy: 'delete' },
    });
  });
}
