import type { ConsumedRecord } from '../lib/message-log';
import { type ContractContext, until } from './context';

/** Record timestamps, end offsets and offsets by time. */
export function offsetsContract(c: ContractContext): void {
  it('a record carries the timestamp it was sent with, else the time it was appended', async () => {
    const log = c.open();
    const topic = c.unique('time');
    await log.createTopics([{ name: topic, partitions: 1 }]);
    const at = Date.parse('2026-11-01T09:00:00.123Z');
    const before = Date.now();
    await log.send(topic, [
      { key: 'cam-1', value: 'frame', timestamp: at },
      { key: 'cam-1', value: 'now' },
    ]);
    const seen: ConsumedRecord[] = [];
    const consumer = await c.consume(log, {
      groupId: c.unique('g'),
      topics: [topic],
      handler: async (b) => void seen.push(...b.records),
    });
    await until(() => seen.length >= 2, 'both records');
    await consumer.stop();
    expect(seen[0].timestamp).toBe(at);
    expect(seen[1].timestamp).toBeGreaterThanOrEqual(before - 5_000);
    expect(seen[1].timestamp).toBeLessThanOrEqual(Date.now() + 5_000);
  });

  it('refuses a timestamp that is not whole milliseconds, sending nothing', async () => {
    const log = c.open();
    const topic = c.unique('badtime');
    await log.createTopics([{ name: topic, partitions: 1 }]);
    await expect(
      log.send(topic, [
        { key: 'k', value: 'a' },
        { key: 'k', value: 'b', timestamp: Number.NaN },
      ]),
    ).rejects.toThrow(`message 1 for ${topic}: timestamp must be whole milliseconds`);
    expect(await log.endOffsets(topic)).toEqual([{ partition: 0, offset: '0' }]);
  });

  it('refuses a record timestamped more than an hour ahead (Kafka 4: message.timestamp.after.max.ms)', async () => {
    const log = c.open();
    const topic = c.unique('future');
    await log.createTopics([{ name: topic, partitions: 1 }]);
    await expect(
      log.send(topic, [{ key: 'cam', value: 'ahead', timestamp: Date.now() + 2 * 60 * 60 * 1000 }]),
    ).rejects.toThrow();
    await log.send(topic, [{ key: 'cam', value: 'a little ahead', timestamp: Date.now() + 60_000 }]);
    expect(await log.endOffsets(topic)).toEqual([{ partition: 0, offset: '1' }]);
  });

  it('end offsets name, per partition, the offset the next record will get', async () => {
    const log = c.open();
    const topic = c.unique('ends');
    await log.createTopics([{ name: topic, partitions: 3 }]);
    expect(await log.endOffsets(topic)).toEqual([0, 1, 2].map((partition) => ({ partition, offset: '0' })));
    await log.send(
      topic,
      Array.from({ length: 30 }, (_, i) => ({ key: `k${i}`, value: String(i) })),
    );
    const ends = await log.endOffsets(topic);
    expect(ends.map((e) => e.partition)).toEqual([0, 1, 2]);
    expect(ends.reduce((sum, e) => sum + Number(e.offset), 0)).toBe(30);
    const seen: ConsumedRecord[] = [];
    const consumer = await c.consume(log, {
      groupId: c.unique('g'),
      topics: [topic],
      handler: async (b) => void seen.push(...b.records),
    });
    await until(() => seen.length >= 30, 'every record');
    await consumer.stop();
    for (const { partition, offset } of ends) {
      const last = seen.filter((r) => r.partition === partition).map((r) => Number(r.offset));
      if (last.length > 0) expect(Math.max(...last) + 1).toBe(Number(offset));
    }
  });

  it('finds, per partition, the first offset at or after a time, and the end when there is none', async () => {
    const log = c.open();
    const topic = c.unique('bytime');
    await log.createTopics([{ name: topic, partitions: 1 }]);
    const t0 = Date.parse('2026-11-01T00:00:00.000Z');
    await log.send(
      topic,
      Array.from({ length: 10 }, (_, i) => ({ key: 'cam', value: String(i), timestamp: t0 + i * 1000 })),
    );
    expect(await log.offsetsForTimestamp(topic, t0 + 4000)).toEqual([{ partition: 0, offset: '4' }]);
    expect(await log.offsetsForTimestamp(topic, t0 + 4500)).toEqual([{ partition: 0, offset: '5' }]);
    expect(await log.offsetsForTimestamp(topic, t0 - 60_000)).toEqual([{ partition: 0, offset: '0' }]);
    expect(await log.offsetsForTimestamp(topic, t0 + 60_000)).toEqual([{ partition: 0, offset: '10' }]);
  });
}
