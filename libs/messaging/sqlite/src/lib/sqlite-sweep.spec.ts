import { until } from '@regicam/messaging/testing';
import type { ConsumedRecord, MessageReader } from '@regicam/messaging';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteMessageLog } from './sqlite-message-log';

const HOUR = 60 * 60 * 1000;
const T0 = Date.parse('2026-11-01T00:00:00.000Z');

describe('SQLite log: the sweep enforces each topic config', () => {
  let dir: string;
  let clock: number;
  const logs: SqliteMessageLog[] = [];
  const readers: MessageReader[] = [];
  let n = 0;
  const open = (options: { sweepIntervalMs?: number } = {}) => {
    const log = new SqliteMessageLog({
      path: join(dir, `log-${++n}.sqlite`),
      pollIntervalMs: 10,
      sweepIntervalMs: 0,
      now: () => clock,
      ...options,
    });
    logs.push(log);
    return log;
  };
  /** Everything a reader from the earliest offset gets, once it has caught up with the end. */
  const readAll = async (log: SqliteMessageLog, topic: string, partition = 0) => {
    const seen: ConsumedRecord[] = [];
    const reader = log.reader({ topic, handler: async (b) => void seen.push(...b.records) });
    readers.push(reader);
    await reader.start();
    await reader.assign(partition, 'earliest');
    const [end] = (await log.endOffsets(topic)).filter((e) => e.partition === partition);
    await until(() => reader.position(partition) === end.offset, 'the reader to reach the end');
    await reader.stop();
    return seen.map((r) => [r.offset, r.key, r.value.toString('utf8')]);
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'regicam-sweep-'));
    clock = T0;
  });

  afterEach(async () => {
    for (const reader of readers.splice(0)) await reader.stop();
    for (const log of logs.splice(0)) await log.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('deletes records older than the retention, by their timestamps, and never hands their offsets out again', async () => {
    const log = open();
    await log.createTopics([{ name: 'frames', partitions: 1, config: { retentionMs: HOUR } }]);
    await log.send('frames', [
      { key: 'cam', value: 'two hours old', timestamp: T0 - 2 * HOUR },
      { key: 'cam', value: 'appended now' },
      { key: 'cam', value: 'half an hour old', timestamp: T0 - HOUR / 2 },
    ]);
    expect(log.sweep()).toEqual({ expired: 1, compacted: 0, tombstones: 0 });
    expect(await readAll(log, 'frames')).toEqual([
      ['1', 'cam', 'appended now'],
      ['2', 'cam', 'half an hour old'],
    ]);
    clock += 2 * HOUR;
    expect(log.sweep().expired).toBe(2);
    expect(await log.endOffsets('frames')).toEqual([{ partition: 0, offset: '3' }]);
    await log.send('frames', [{ key: 'cam', value: 'later' }]);
    expect(await readAll(log, 'frames')).toEqual([['3', 'cam', 'later']]);
  });

  it('keeps records of a topic kept forever', async () => {
    const log = open();
    await log.createTopics([{ name: 'links', partitions: 1, config: { retentionMs: null } }]);
    await log.send('links', [{ key: 't', value: 'LinkCreated', timestamp: 0 }]);
    clock += 1000 * 24 * HOUR;
    expect(log.sweep().expired).toBe(0);
    expect(await readAll(log, 'links')).toHaveLength(1);
  });

  it('keeps only the newest record of each key in a compacted topic', async () => {
    const log = open();
    await log.createTopics([{ name: 'thumbs', partitions: 1, config: { cleanupPolicy: 'compact' } }]);
    await log.send(
      'thumbs',
      [
        ['tx-1', 'pending'],
        ['tx-2', 'ready'],
        ['tx-1', 'failed'],
        ['tx-3', 'ready'],
        ['tx-1', 'ready'],
      ].map(([key, value]) => ({ key, value })),
    );
    // Retention does not apply to a compacted topic, as in Kafka.
    clock += 365 * 24 * HOUR;
    expect(log.sweep()).toEqual({ expired: 0, compacted: 2, tombstones: 0 });
    expect(await readAll(log, 'thumbs')).toEqual([
      ['1', 'tx-2', 'ready'],
      ['3', 'tx-3', 'ready'],
      ['4', 'tx-1', 'ready'],
    ]);
    expect(log.sweep().compacted).toBe(0);
  });

  it('removes a key whose newest record is an empty value once the tombstone is older than the delete retention', async () => {
    const log = open();
    await log.createTopics([
      { name: 'thumbs', partitions: 1, config: { cleanupPolicy: 'compact', deleteRetentionMs: HOUR } },
    ]);
    await log.send('thumbs', [
      { key: 'tx-1', value: 'ready' },
      { key: 'tx-2', value: 'ready' },
      { key: 'tx-1', value: '' },
    ]);
    clock += HOUR / 2;
    expect(log.sweep()).toEqual({ expired: 0, compacted: 1, tombstones: 0 });
    expect(await readAll(log, 'thumbs')).toEqual([
      ['1', 'tx-2', 'ready'],
      ['2', 'tx-1', ''],
    ]);
    clock += HOUR;
    expect(log.sweep().tombstones).toBe(1);
    expect(await readAll(log, 'thumbs')).toEqual([['1', 'tx-2', 'ready']]);
  });

  it('a group whose next offset was deleted goes on from the next record kept', async () => {
    const log = open();
    await log.createTopics([{ name: 'thumbs', partitions: 1, config: { cleanupPolicy: 'compact' } }]);
    const seen: string[] = [];
    const consumer = log.consumer({
      groupId: 'projector',
      topics: ['thumbs'],
      commitIntervalMs: 0,
      handler: async (b) => void seen.push(...b.records.map((r) => r.offset)),
    });
    await consumer.start();
    await log.send('thumbs', [{ key: 'a', value: '1' }]);
    await until(() => seen.length === 1, 'the first record');
    await consumer.stop();
    await log.send('thumbs', [
      { key: 'b', value: '1' },
      { key: 'b', value: '2' },
    ]);
    log.sweep();
    const again = log.consumer({
      groupId: 'projector',
      topics: ['thumbs'],
      handler: async (b) => void seen.push(...b.records.map((r) => r.offset)),
    });
    await again.start();
    await until(() => seen.length === 2, 'the record after the gap');
    await again.stop();
    expect(seen).toEqual(['0', '2']);
  });

  it('a reader whose partition was swept up to its end moves its position to the end', async () => {
    const log = open();
    await log.createTopics([{ name: 'jobs', partitions: 1, config: { retentionMs: HOUR } }]);
    await log.send('jobs', [{ key: 'cam', value: 'a' }]);
    const reader = log.reader({ topic: 'jobs', handler: async () => undefined });
    readers.push(reader);
    await reader.assign(0, { offset: '0' });
    await log.send('jobs', [{ key: 'cam', value: 'b' }]);
    clock += 2 * HOUR;
    log.sweep();
    await reader.start();
    await until(() => reader.position(0) === '2', 'the position to reach the end');
  });

  it('sweeps by itself while open', async () => {
    const log = open({ sweepIntervalMs: 20 });
    await log.createTopics([{ name: 'frames', partitions: 1, config: { retentionMs: HOUR } }]);
    await log.send('frames', [{ key: 'cam', value: 'old', timestamp: T0 - 2 * HOUR }]);
    const raw = new Database(join(dir, `log-${n}.sqlite`), { readonly: true });
    try {
      const count = raw.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM records');
      await until(() => count.get()?.n === 0, 'the sweep');
    } finally {
      raw.close();
    }
  });
});

describe('SQLite log: a file written before topic configs', () => {
  it('keeps its topics forever, its offsets and its group offsets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'regicam-old-'));
    const path = join(dir, 'log.sqlite');
    const old = new Database(path);
    old.exec(`
      CREATE TABLE topics (name TEXT PRIMARY KEY, partitions INTEGER NOT NULL);
      CREATE TABLE records (
        topic TEXT NOT NULL, partition INTEGER NOT NULL, offset INTEGER NOT NULL,
        key TEXT, value BLOB NOT NULL, headers TEXT NOT NULL, timestamp INTEGER NOT NULL,
        PRIMARY KEY (topic, partition, offset)) WITHOUT ROWID;
      CREATE TABLE group_offsets (
        group_id TEXT NOT NULL, topic TEXT NOT NULL, partition INTEGER NOT NULL, next_offset INTEGER NOT NULL,
        PRIMARY KEY (group_id, topic, partition)) WITHOUT ROWID;
      INSERT INTO topics VALUES ('links', 1);
      INSERT INTO records VALUES ('links', 0, 0, 't1', X'61', '{}', 1), ('links', 0, 1, 't1', X'62', '{}', 2);
      INSERT INTO group_offsets VALUES ('join', 'links', 0, 1);
    `);
    old.close();
    const log = new SqliteMessageLog({ path, pollIntervalMs: 10, sweepIntervalMs: 0 });
    try {
      expect(await log.describeTopics(['links'])).toEqual([
        {
          name: 'links',
          exists: true,
          partitions: 1,
          config: { retentionMs: null, cleanupPolicy: 'delete', deleteRetentionMs: 24 * HOUR },
        },
      ]);
      expect(log.sweep().expired).toBe(0);
      expect(await log.endOffsets('links')).toEqual([{ partition: 0, offset: '2' }]);
      await log.send('links', [{ key: 't1', value: 'c' }]);
      const seen: string[] = [];
      const consumer = log.consumer({
        groupId: 'join',
        topics: ['links'],
        handler: async (b) => void seen.push(...b.records.map((r) => `${r.offset}:${r.value.toString('utf8')}`)),
      });
      await consumer.start();
      await until(() => seen.length === 2, 'the records after the committed offset');
      await consumer.stop();
      expect(seen).toEqual(['1:b', '2:c']);
    } finally {
      await log.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
