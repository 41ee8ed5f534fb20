import { DEAD_LETTER_HEADERS, UnprocessableRecordError, deadLetterTopic } from '../lib/dead-letter';
import type { ConsumedRecord } from '../lib/message-log';
import { type ContractContext, text, until } from './context';

/** Consumer groups: order, shape, redelivery, retries, dead letters, pause, start, sharing. */
export function deliveryContract(c: ContractContext): void {
  it('keeps the order of each key and delivers every record once to a group', async () => {
    const log = c.open();
    const topic = c.unique('order');
    await log.createTopics([{ name: topic, partitions: 3 }]);
    const keys = Array.from({ length: 10 }, (_, i) => `terminal-${i}`);
    for (let round = 0; round < 3; round++) {
      await log.send(
        topic,
        Array.from({ length: 100 }, (_, i) => ({ key: keys[i % 10], value: `${round * 100 + i}` })),
      );
    }
    const seen: ConsumedRecord[] = [];
    const consumer = await c.consume(log, {
      groupId: c.unique('g'),
      topics: [topic],
      handler: async (batch) => void seen.push(...batch.records),
    });
    await until(() => seen.length >= 300, '300 records');
    await consumer.stop();
    expect(seen).toHaveLength(300);
    for (const key of keys) {
      const values = seen.filter((r) => r.key === key).map((r) => Number(text(r)));
      expect(values).toEqual([...values].sort((a, b) => a - b));
      expect(values).toHaveLength(30);
    }
    // One key, one partition.
    for (const key of keys) expect(new Set(seen.filter((r) => r.key === key).map((r) => r.partition)).size).toBe(1);
  });

  it('keeps keys, headers and binary values as sent', async () => {
    const log = c.open();
    const topic = c.unique('shape');
    await log.createTopics([{ name: topic, partitions: 1 }]);
    const bytes = Buffer.from([0, 255, 1, 254, 10, 13]);
    await log.send(topic, [
      { key: 'k', value: bytes, headers: { 'content-type': 'image/jpeg', 'x-event-id': 'e-1' } },
      { key: null, value: 'ハロー' },
    ]);
    const seen: ConsumedRecord[] = [];
    const consumer = await c.consume(log, {
      groupId: c.unique('g'),
      topics: [topic],
      handler: async (b) => void seen.push(...b.records),
    });
    await until(() => seen.length >= 2, 'two records');
    await consumer.stop();
    expect(seen[0]).toMatchObject({
      topic,
      key: 'k',
      headers: { 'content-type': 'image/jpeg', 'x-event-id': 'e-1' },
    });
    expect(Buffer.compare(seen[0].value, bytes)).toBe(0);
    expect(seen[1]).toMatchObject({ key: null });
    expect(text(seen[1])).toBe('ハロー');
    expect(Number(seen[1].offset)).toBeGreaterThan(Number(seen[0].offset));
    expect(seen[0].timestamp).toBeGreaterThan(Date.now() - 60_000);
  });

  it('creating a topic twice leaves it as it was', async () => {
    const log = c.open();
    const topic = c.unique('twice');
    await log.createTopics([{ name: topic, partitions: 2 }]);
    await log.send(topic, [{ key: 'a', value: '1' }]);
    await log.createTopics([{ name: topic, partitions: 2 }]);
    const seen: ConsumedRecord[] = [];
    const consumer = await c.consume(log, {
      groupId: c.unique('g'),
      topics: [topic],
      handler: async (b) => void seen.push(...b.records),
    });
    await until(() => seen.length >= 1, 'the record sent before');
    await consumer.stop();
    expect(seen.map(text)).toEqual(['1']);
  });

  it('delivers an uncommitted batch again after a crash, and a committed one never again', async () => {
    const topic = c.unique('crash');
    const groupId = c.unique('g');
    const first = c.open();
    await first.createTopics([{ name: topic, partitions: 1 }]);
    await first.send(
      topic,
      [1, 2, 3].map((n) => ({ key: 'k', value: String(n) })),
    );
    // The first member commits 1..3, then crashes while writing 4..6.
    const done: string[] = [];
    let crashing = false;
    const crashed = await c.consume(first, {
      groupId,
      topics: [topic],
      handler: async (b) => {
        if (b.records.some((r) => Number(text(r)) > 3)) {
          crashing = true;
          throw new Error('the process dies here');
        }
        done.push(...b.records.map(text));
      },
    });
    await until(() => done.length === 3, 'the first batch');
    await first.send(
      topic,
      [4, 5, 6].map((n) => ({ key: 'k', value: String(n) })),
    );
    await until(() => crashing, 'the crash');
    await crashed.stop();

    const second = c.open();
    const again: string[] = [];
    const survivor = await c.consume(second, {
      groupId,
      topics: [topic],
      handler: async (b) => void again.push(...b.records.map(text)),
    });
    await until(() => again.length >= 3, 'the redelivered batch');
    await new Promise((r) => setTimeout(r, 500));
    await survivor.stop();
    expect(done).toEqual(['1', '2', '3']);
    expect(again).toEqual(['4', '5', '6']);
  });

  it('retries a batch whose handler fails for a while, without losing or repeating records', async () => {
    const log = c.open();
    const topic = c.unique('retry');
    await log.createTopics([{ name: topic, partitions: 1 }]);
    await log.send(
      topic,
      ['a', 'b', 'c'].map((v) => ({ key: 'k', value: v })),
    );
    let failures = 0;
    const written = new Map<string, number>();
    const consumer = await c.consume(log, {
      groupId: c.unique('g'),
      topics: [topic],
      handler: async (b) => {
        if (failures < 3) {
          failures++;
          throw new Error('the read store is down');
        }
        for (const r of b.records) written.set(text(r), (written.get(text(r)) ?? 0) + 1);
      },
    });
    await until(() => written.size === 3, 'the records after the outage');
    await consumer.stop();
    expect(failures).toBe(3);
    expect([...written.entries()]).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 1],
    ]);
  });

  it('sends a poison record to the dead-letter topic with the reason, and moves on', async () => {
    const log = c.open();
    const topic = c.unique('poison');
    await log.createTopics([{ name: topic, partitions: 1 }]);
    await log.send(
      topic,
      ['ok-1', 'poison', 'ok-2', 'ok-3'].map((v) => ({ key: 'k', value: v, headers: { h: v } })),
    );
    const processed: string[] = [];
    const consumer = await c.consume(log, {
      groupId: c.unique('g'),
      topics: [topic],
      handler: async (b) => {
        for (const r of b.records) {
          if (text(r) === 'poison') throw new UnprocessableRecordError(r, 'total is not a number');
          processed.push(text(r));
        }
      },
    });
    const dead: ConsumedRecord[] = [];
    const dlq = await c.consume(log, {
      groupId: c.unique('dlq'),
      topics: [deadLetterTopic(topic)],
      handler: async (b) => void dead.push(...b.records),
    });
    await until(() => processed.length >= 3 && dead.length >= 1, 'the good records and the dead letter');
    await consumer.stop();
    await dlq.stop();
    expect(processed).toEqual(['ok-1', 'ok-2', 'ok-3']);
    expect(dead).toHaveLength(1);
    expect(text(dead[0])).toBe('poison');
    expect(dead[0].key).toBe('k');
    expect(dead[0].headers).toMatchObject({
      h: 'poison',
      [DEAD_LETTER_HEADERS.reason]: 'total is not a number',
      [DEAD_LETTER_HEADERS.topic]: topic,
      [DEAD_LETTER_HEADERS.partition]: '0',
      [DEAD_LETTER_HEADERS.offset]: '1',
    });
  });

  it('hands nothing over while paused and everything once resumed', async () => {
    const log = c.open();
    const topic = c.unique('pause');
    await log.createTopics([{ name: topic, partitions: 1 }]);
    const seen: string[] = [];
    const consumer = await c.consume(log, {
      groupId: c.unique('g'),
      topics: [topic],
      handler: async (b) => void seen.push(...b.records.map(text)),
    });
    await log.send(topic, [{ key: 'k', value: 'before' }]);
    await until(() => seen.length === 1, 'the record before the pause');
    consumer.pause();
    await log.send(topic, [{ key: 'k', value: 'during' }]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(seen).toEqual(['before']);
    consumer.resume();
    await until(() => seen.length === 2, 'the record after resuming');
    await consumer.stop();
    expect(seen).toEqual(['before', 'during']);
  });

  it('a group that starts at the end skips what was there before', async () => {
    const log = c.open();
    const topic = c.unique('latest');
    await log.createTopics([{ name: topic, partitions: 1 }]);
    await log.send(topic, [{ key: 'k', value: 'old' }]);
    const seen: string[] = [];
    const consumer = await c.consume(log, {
      groupId: c.unique('g'),
      topics: [topic],
      fromBeginning: false,
      handler: async (b) => void seen.push(...b.records.map(text)),
    });
    await log.send(topic, [{ key: 'k', value: 'new' }]);
    await until(() => seen.length >= 1, 'the new record');
    await consumer.stop();
    expect(seen).toEqual(['new']);
  });

  it('two members of a group share the partitions, and one takes over when the other leaves', async () => {
    const topic = c.unique('split');
    const groupId = c.unique('g');
    const a = c.open();
    const b = c.open();
    await a.createTopics([{ name: topic, partitions: 4 }]);
    const byA: ConsumedRecord[] = [];
    const byB: ConsumedRecord[] = [];
    const memberA = await c.consume(a, { groupId, topics: [topic], handler: async (x) => void byA.push(...x.records) });
    const memberB = await c.consume(b, { groupId, topics: [topic], handler: async (x) => void byB.push(...x.records) });
    const keys = Array.from({ length: 40 }, (_, i) => `k${i}`);
    // Keep sending until both members have had records: a rebalance may still be going on.
    for (let round = 0; byA.length === 0 || byB.length === 0; round++) {
      if (round > 100) throw new Error('the partitions were never shared between the two members');
      await a.send(
        topic,
        keys.map((key) => ({ key, value: `r${round}` })),
      );
      await new Promise((r) => setTimeout(r, 300));
    }
    const partitionsOf = (records: ConsumedRecord[]) => new Set(records.map((r) => r.partition));
    await new Promise((r) => setTimeout(r, 500));
    const sharedA = partitionsOf(byA);
    const sharedB = partitionsOf(byB);
    expect([...sharedA].filter((p) => sharedB.has(p))).toEqual([]);

    await memberA.stop();
    const before = byB.length;
    await a.send(
      topic,
      keys.map((key) => ({ key, value: 'after-leave' })),
    );
    await until(() => byB.filter((r) => text(r) === 'after-leave').length === 40, 'B taking over every partition');
    await memberB.stop();
    expect(partitionsOf(byB.slice(before)).size).toBe(4);
  });
}
