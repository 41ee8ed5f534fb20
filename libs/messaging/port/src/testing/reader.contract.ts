import { UnprocessableRecordError, deadLetterTopic } from '../lib/dead-letter';
import type { BatchHandler, ConsumedRecord, MessageLog, MessageReader, ReaderStart } from '../lib/message-log';
import { type ContractContext, delay, text, until } from './context';

/** Group-less readers: every partition assigned, from where asked, position, no sharing, retries. */
export function readerContract(c: ContractContext): void {
  const readers: MessageReader[] = [];
  const read = async (log: MessageLog, topic: string, handler: BatchHandler) => {
    const reader = log.reader({ topic, handler, retryDelayMs: 20, maxRetryDelayMs: 100 });
    readers.push(reader);
    await reader.start();
    return reader;
  };
  const assignAll = async (reader: MessageReader, partitions: number, from: ReaderStart) => {
    for (let p = 0; p < partitions; p++) await reader.assign(p, from);
  };

  afterAll(async () => {
    for (const reader of readers) await reader.stop();
  });

  it('every reader gets every record of the partitions it assigns, in order, and its position follows', async () => {
    const topic = c.unique('table');
    const a = c.open();
    const b = c.open();
    await a.createTopics([{ name: topic, partitions: 3 }]);
    await a.send(
      topic,
      Array.from({ length: 60 }, (_, i) => ({ key: `terminal-${i % 12}`, value: String(i) })),
    );
    const byA: ConsumedRecord[] = [];
    const byB: ConsumedRecord[] = [];
    const readerA = await read(a, topic, async (batch) => void byA.push(...batch.records));
    const readerB = await read(b, topic, async (batch) => void byB.push(...batch.records));
    await assignAll(readerA, 3, 'earliest');
    await assignAll(readerB, 3, 'earliest');
    await until(() => byA.length >= 60 && byB.length >= 60, 'both readers to read the whole topic');
    for (const seen of [byA, byB]) {
      expect(seen.map(text).sort()).toEqual(Array.from({ length: 60 }, (_, i) => String(i)).sort());
      for (let p = 0; p < 3; p++) {
        const offsets = seen.filter((r) => r.partition === p).map((r) => Number(r.offset));
        expect(offsets).toEqual([...offsets].sort((x, y) => x - y));
      }
    }
    const ends = await a.endOffsets(topic);
    await until(
      () => ends.every((e) => readerA.position(e.partition) === e.offset),
      'the position to reach the end offsets',
    );
    expect(readerA.assigned()).toEqual([0, 1, 2]);
    await readerA.stop();
    await readerB.stop();
  });

  it('starts a partition at the latest offset, at an offset, or at a time, and knows its position at once', async () => {
    const log = c.open();
    const topic = c.unique('starts');
    await log.createTopics([{ name: topic, partitions: 1 }]);
    const t0 = Date.parse('2026-11-02T00:00:00.000Z');
    await log.send(
      topic,
      Array.from({ length: 10 }, (_, i) => ({ key: 'cam', value: `old-${i}`, timestamp: t0 + i * 1000 })),
    );
    const cases: [ReaderStart, string, string[]][] = [
      ['latest', '10', ['new']],
      [{ offset: '7' }, '7', ['old-7', 'old-8', 'old-9', 'new']],
      [{ timestamp: t0 + 5500 }, '6', ['old-6', 'old-7', 'old-8', 'old-9', 'new']],
      ['earliest', '0', [...Array.from({ length: 10 }, (_, i) => `old-${i}`), 'new']],
    ];
    const seen: string[][] = cases.map(() => []);
    const started: MessageReader[] = [];
    for (const [i, [from, position]] of cases.entries()) {
      const reader = await read(log, topic, async (batch) => void seen[i].push(...batch.records.map(text)));
      await reader.assign(0, from);
      expect(reader.position(0)).toBe(position);
      started.push(reader);
    }
    await delay(300);
    await log.send(topic, [{ key: 'cam', value: 'new' }]);
    await until(() => cases.every(([, , wanted], i) => seen[i].length >= wanted.length), 'every reader');
    await delay(200);
    expect(seen).toEqual(cases.map(([, , wanted]) => wanted));
    for (const reader of started) await reader.stop();
  });

  it('refuses a partition the topic does not have and an offset past the end', async () => {
    const log = c.open();
    const topic = c.unique('refuse');
    await log.createTopics([{ name: topic, partitions: 2 }]);
    const reader = await read(log, topic, async () => undefined);
    await expect(reader.assign(2, 'earliest')).rejects.toThrow();
    await expect(reader.assign(0, { offset: '5' })).rejects.toThrow();
    expect(reader.assigned()).toEqual([]);
    expect(reader.position(0)).toBeUndefined();
    await reader.stop();
  });

  it('hands nothing more of an unassigned partition over, and goes on with the others', async () => {
    const log = c.open();
    const topic = c.unique('unassign');
    await log.createTopics([{ name: topic, partitions: 2 }]);
    const seen: ConsumedRecord[] = [];
    const reader = await read(log, topic, async (batch) => void seen.push(...batch.records));
    await assignAll(reader, 2, 'latest');
    const keys = Array.from({ length: 20 }, (_, i) => `k${i}`);
    await log.send(
      topic,
      keys.map((key) => ({ key, value: 'first' })),
    );
    await until(() => seen.length >= 20, 'the first round');
    await reader.unassign(1);
    expect(reader.assigned()).toEqual([0]);
    expect(reader.position(1)).toBeUndefined();
    // The same keys land on the same partitions: as many records on partition 0 as in the first round.
    const firstOnZero = seen.filter((r) => r.partition === 0).length;
    await log.send(
      topic,
      keys.map((key) => ({ key, value: 'second' })),
    );
    await until(
      () => seen.filter((r) => text(r) === 'second').length >= firstOnZero,
      'the second round on partition 0',
    );
    await delay(500);
    expect(seen.filter((r) => text(r) === 'second').every((r) => r.partition === 0)).toBe(true);
    await reader.stop();
  });

  it('retries a failing handler, an unprocessable record too, without moving its position or writing dead letters', async () => {
    const log = c.open();
    const topic = c.unique('reader-retry');
    await log.createTopics([{ name: topic, partitions: 1 }]);
    await log.send(topic, [
      { key: 'k', value: 'a' },
      { key: 'k', value: 'b' },
    ]);
    let attempts = 0;
    const positions: (string | undefined)[] = [];
    const done: string[] = [];
    const reader: MessageReader = await read(log, topic, async (batch) => {
      positions.push(reader.position(0));
      attempts++;
      if (attempts === 1) throw new Error('the table store is down');
      if (attempts === 2) throw new UnprocessableRecordError(batch.records[0], 'not a link');
      done.push(...batch.records.map(text));
    });
    await reader.assign(0, 'earliest');
    await until(() => done.length >= 2, 'the batch after the failures');
    expect(positions).toEqual(['0', '0', '0']);
    expect(done).toEqual(['a', 'b']);
    await until(() => reader.position(0) === '2', 'the position after the batch');
    expect((await log.describeTopics([deadLetterTopic(topic)]))[0].exists).toBe(false);
    await reader.stop();
  });
}
