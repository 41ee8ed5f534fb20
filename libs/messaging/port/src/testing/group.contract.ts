import type { ConsumedRecord, MessageConsumer, TopicPartition } from '../lib/message-log';
import { type ContractContext, delay, text, until } from './context';

const names = (tps: TopicPartition[]) => tps.map((tp) => tp.partition).sort((a, b) => a - b);

/** Group consumers: assignment callbacks and manual commits. */
export function groupContract(c: ContractContext): void {
  it('tells each member which partitions it gains and loses, before handing over their batches', async () => {
    const topic = c.unique('assign');
    const groupId = c.unique('g');
    const a = c.open();
    const b = c.open();
    await a.createTopics([{ name: topic, partitions: 4 }]);
    const owned = { a: new Set<number>(), b: new Set<number>() };
    const events: string[] = [];
    const strays: string[] = [];
    const member = (name: 'a' | 'b') => ({
      groupId,
      topics: [topic],
      onAssigned: async (tps: TopicPartition[]) => {
        if (tps.some((tp) => tp.topic !== topic)) strays.push(`${name} assigned another topic`);
        names(tps).forEach((p) => owned[name].add(p));
        events.push(`${name} +${names(tps).join(',')}`);
      },
      onRevoked: async (tps: TopicPartition[]) => {
        names(tps).forEach((p) => owned[name].delete(p));
        events.push(`${name} -${names(tps).join(',')}`);
      },
      handler: async (batch: { partition: number }) => {
        if (!owned[name].has(batch.partition)) strays.push(`${name} got ${batch.partition}`);
      },
    });
    const memberA = await c.consume(a, member('a'));
    await until(() => owned.a.size === 4, 'A to own every partition');
    const memberB = await c.consume(b, member('b'));
    await until(() => owned.b.size > 0 && owned.a.size + owned.b.size === 4, 'the partitions to be shared');
    expect([...owned.a].filter((p) => owned.b.has(p))).toEqual([]);
    await a.send(
      topic,
      Array.from({ length: 40 }, (_, i) => ({ key: `k${i}`, value: String(i) })),
    );
    await delay(1000);
    await memberB.stop();
    await until(() => owned.a.size === 4, 'A to take every partition back');
    expect(owned.b.size).toBe(0);
    await memberA.stop();
    expect(owned.a.size).toBe(0);
    expect(strays).toEqual([]);
    expect(events[0]).toBe('a +0,1,2,3');
    expect(events.filter((e) => e.startsWith('b'))).toHaveLength(2);
  });

  it('in manual mode commits only what commit() names, and resumes from there', async () => {
    const log = c.open();
    const topic = c.unique('manual');
    const groupId = c.unique('g');
    await log.createTopics([{ name: topic, partitions: 1 }]);
    await log.send(
      topic,
      Array.from({ length: 10 }, (_, i) => ({ key: 'k', value: String(i) })),
    );
    const seen: ConsumedRecord[] = [];
    const manual = await c.consume(log, {
      groupId,
      topics: [topic],
      commit: 'manual',
      maxBatchSize: 3,
      handler: async (batch) => void seen.push(...batch.records),
    });
    await until(() => seen.length >= 10, 'every record, without commits');
    await delay(300);
    expect(seen.map(text)).toEqual(Array.from({ length: 10 }, (_, i) => String(i)));
    await manual.commit([{ topic, partition: 0, offset: '4' }]);
    await expect(manual.commit([{ topic, partition: 0, offset: '11' }])).rejects.toThrow(
      /the handler has returned only up to 10/,
    );
    await expect(manual.commit([{ topic, partition: 1, offset: '1' }])).rejects.toThrow(/not this member's/);
    await manual.stop();

    const again: string[] = [];
    const next = await c.consume(c.open(), {
      groupId,
      topics: [topic],
      handler: async (batch) => void again.push(...batch.records.map(text)),
    });
    await until(() => again.length >= 6, 'the records after the committed offset');
    await delay(300);
    await next.stop();
    expect(again).toEqual(['4', '5', '6', '7', '8', '9']);
  });

  it('refuses commit() on a consumer that commits after its handler', async () => {
    const log = c.open();
    const topic = c.unique('auto');
    await log.createTopics([{ name: topic, partitions: 1 }]);
    const consumer: MessageConsumer = await c.consume(log, {
      groupId: c.unique('g'),
      topics: [topic],
      handler: async () => undefined,
    });
    await expect(consumer.commit([{ topic, partition: 0, offset: '0' }])).rejects.toThrow(/commit: 'manual'/);
    await consumer.stop();
  });
}
