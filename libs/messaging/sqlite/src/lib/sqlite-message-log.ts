import {
  checkMessages,
  checkPartitionCount,
  checkTopicConfig,
  checkTopicSpecs,
  describeDuration,
  type CleanupPolicy,
  type ConsumedRecord,
  type ConsumerOptions,
  type MessageConsumer,
  type MessageLog,
  type MessageReader,
  type OutgoingMessage,
  type PartitionOffset,
  type ReaderOptions,
  type ReaderStart,
  type ReportedTopicConfig,
  type TopicConfig,
  type TopicDescription,
  type TopicPartition,
  type TopicPartitionOffset,
  type TopicSpec,
} from '@regicam/messaging';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import { GroupRegistry } from './group-registry';
import { openSchema } from './schema';
import { SqliteConsumer } from './sqlite-consumer';
import { SqliteReader } from './sqlite-reader';

const DAY = 24 * 60 * 60 * 1000;

export type SqliteMessageLogOptions = {
  /** The database file (created when missing), or ':memory:'. */
  path: string;
  /** How often an idle consumer looks for records another process appended. */
  pollIntervalMs?: number;
  /** How often the log enforces retention and compaction while open (default 60 000 ms; 0: only when `sweep()` is called). */
  sweepIntervalMs?: number;
  /** The config of topics created without one; by default Kafka's: 7 days, delete, tombstones kept 1 day. */
  topicDefaults?: ReportedTopicConfig;
  /** The clock: append times and the sweep's now. */
  now?: () => number;
  /** How far ahead of the clock a record's timestamp may be (default 1 hour, Kafka 4's `message.timestamp.after.max.ms`). */
  maxTimestampAheadMs?: number;
  log?: (level: 'warn' | 'error', message: string) => void;
};

/** What one sweep deleted. */
export type SweepResult = {
  /** Records older than their topic's retention (delete policy). */
  expired: number;
  /** Records of a compacted topic with a newer record of the same key. */
  compacted: number;
  /** Tombstones older than their topic's delete retention. */
  tombstones: number;
};

type TopicRow = {
  name: string;
  partitions: number;
  retention_ms: number | null;
  cleanup_policy: CleanupPolicy;
  delete_retention_ms: number;
};

type RecordRow = { offset: number; key: string | null; value: Buffer; headers: string; timestamp: number };

const KAFKA_DEFAULTS: ReportedTopicConfig = { retentionMs: 7 * DAY, cleanupPolicy: 'delete', deleteRetentionMs: DAY };

/** Registries of consumer groups, one per database file of this process. */
const registries = new Map<string, GroupRegistry>();

/**
 * The message log in one SQLite file, for the embedded one-process default.
 * Records are kept per topic and partition; each partition remembers the
 * offset its next record gets, so offsets never repeat, and consumers read
 * "from offset n on", so the gaps the sweep leaves are skipped. Each group
 * commits, per partition, the offset of the next record to read, in the
 * same file. Partitions are chosen by a hash of the key, as Kafka does, so
 * the stream code sees the same ordering guarantees on both. Each topic's
 * config is kept and enforced by `sweep()`, which the log runs periodically.
 */
export class SqliteMessageLog implements MessageLog {
  private readonly db: Database.Database;
  private readonly registry: GroupRegistry;
  private readonly appended = new EventEmitter();
  private readonly consumers = new Set<SqliteConsumer>();
  private readonly readers = new Set<SqliteReader>();
  private readonly sweeper?: NodeJS.Timeout;
  private roundRobin = 0;
  private readonly now: () => number;
  private readonly defaults: ReportedTopicConfig;
  private readonly sql: ReturnType<typeof statements>;

  constructor(private readonly options: SqliteMessageLogOptions) {
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    openSchema(this.db);
    this.sql = statements(this.db);
    this.now = options.now ?? Date.now;
    this.defaults = options.topicDefaults ?? KAFKA_DEFAULTS;
    const key = options.path === ':memory:' ? Symbol('memory').toString() + Math.random() : resolve(options.path);
    this.registry = registries.get(key) ?? new GroupRegistry();
    registries.set(key, this.registry);
    this.appended.setMaxListeners(0);
    const every = options.sweepIntervalMs ?? 60_000;
    if (every > 0) {
      this.sweeper = setInterval(() => {
        try {
          this.sweep();
        } catch (error) {
          this.warn(`sweep failed: ${String(error)}`);
        }
      }, every);
      this.sweeper.unref();
    }
  }

  async createTopics(topics: TopicSpec[]): Promise<void> {
    checkTopicSpecs(topics);
    this.db.transaction(() => {
      for (const t of topics) {
        const c = { ...this.defaults, ...t.config };
        this.sql.insertTopic.run(t.name, t.partitions, c.retentionMs, c.cleanupPolicy, c.deleteRetentionMs);
      }
    })();
  }

  async describeTopics(names: string[]): Promise<TopicDescription[]> {
    return names.map((name): TopicDescription => {
      const row = this.sql.topic.get(name);
      if (!row) return { name, exists: false };
      return {
        name,
        exists: true,
        partitions: row.partitions,
        config: {
          retentionMs: row.retention_ms,
          cleanupPolicy: row.cleanup_policy,
          deleteRetentionMs: row.delete_retention_ms,
        },
      };
    });
  }

  async alterTopicConfigs(topics: { name: string; config: TopicConfig }[]): Promise<void> {
    topics.forEach((t) => checkTopicConfig(t.name, t.config));
    this.db.transaction(() => {
      for (const { name, config } of topics) {
        const row = this.topicRow(name);
        this.sql.alterTopic.run(
          config.retentionMs === undefined ? row.retention_ms : config.retentionMs,
          config.cleanupPolicy ?? row.cleanup_policy,
          config.deleteRetentionMs ?? row.delete_retention_ms,
          name,
        );
      }
    })();
  }

  async createPartitions(topics: { name: string; partitions: number }[]): Promise<void> {
    topics.forEach((t) => checkPartitionCount(t.name, t.partitions));
    this.db.transaction(() => {
      for (const { name, partitions } of topics) {
        const row = this.topicRow(name);
        if (partitions < row.partitions) {
          throw new Error(`topic ${name} has ${row.partitions} partitions: partitions cannot be removed`);
        }
        this.sql.growTopic.run(partitions, name);
      }
    })();
  }

  async send(topic: string, messages: OutgoingMessage[]): Promise<void> {
    checkMessages(topic, messages);
    if (messages.length === 0) return;
    const now = this.now();
    const latest = now + (this.options.maxTimestampAheadMs ?? 60 * 60 * 1000);
    const ahead = messages.findIndex((m) => m.timestamp !== undefined && m.timestamp > latest);
    if (ahead >= 0) {
      throw new Error(
        `message ${ahead} for ${topic}: timestamp ${new Date(messages[ahead].timestamp ?? 0).toISOString()} is more than ${describeDuration(latest - now)} ahead of the log's clock`,
      );
    }
    this.db
      .transaction(() => {
        const row = this.topicRow(topic);
        if (row.cleanup_policy === 'compact' && messages.some((m) => m.key === null)) {
          throw new Error(`topic ${topic} is compacted: every record needs a key`);
        }
        const next = new Map<number, number>();
        for (const m of messages) {
          const partition = m.key === null ? this.roundRobin++ % row.partitions : partitionOf(m.key, row.partitions);
          const offset = next.get(partition) ?? this.endOf(topic, partition);
          next.set(partition, offset + 1);
          const value = typeof m.value === 'string' ? Buffer.from(m.value, 'utf8') : m.value;
          this.sql.insertRecord.run(
            topic,
            partition,
            offset,
            m.key,
            value,
            JSON.stringify(m.headers ?? {}),
            m.timestamp ?? now,
          );
        }
        for (const [partition, end] of next) this.sql.setEnd.run(topic, partition, end);
      })
      .immediate();
    this.appended.emit('appended');
  }

  async endOffsets(topic: string): Promise<PartitionOffset[]> {
    const { partitions } = this.topicRow(topic);
    return Array.from({ length: partitions }, (_, p) => ({ partition: p, offset: String(this.endOf(topic, p)) }));
  }

  async offsetsForTimestamp(topic: string, timestamp: number): Promise<PartitionOffset[]> {
    const { partitions } = this.topicRow(topic);
    return Array.from({ length: partitions }, (_, p) => ({
      partition: p,
      offset: String(this.offsetAtTime(topic, p, timestamp)),
    }));
  }

  consumer(options: ConsumerOptions): MessageConsumer {
    const consumer = new SqliteConsumer(this, options, (c) => this.consumers.delete(c));
    this.consumers.add(consumer);
    return consumer;
  }

  reader(options: ReaderOptions): MessageReader {
    const reader = new SqliteReader(this, options, (r) => this.readers.delete(r));
    this.readers.add(reader);
    return reader;
  }

  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    await Promise.all([...this.consumers].map((c) => c.stop()));
    await Promise.all([...this.readers].map((r) => r.stop()));
    this.db.close();
  }

  /**
   * Enforces each topic's config, as Kafka's log cleaner would:
   * 1. delete policy with a retention: records whose timestamp is older than
   *    the retention are deleted;
   * 2. compact policy: of each key only the newest record stays; a newest
   *    record with an empty value (a tombstone) goes too once its timestamp is
   *    older than the delete retention.
   * Partition ends stay, so offsets are never handed out twice; consumers
   * skip the gaps. Runs in one transaction; returns what it deleted.
   */
  sweep(now: number = this.now()): SweepResult {
    const result: SweepResult = { expired: 0, compacted: 0, tombstones: 0 };
    this.db
      .transaction(() => {
        for (const t of this.sql.topics.all()) {
          for (let p = 0; p < t.partitions; p++) {
            if (t.cleanup_policy === 'delete') {
              if (t.retention_ms !== null)
                result.expired += this.sql.expire.run(t.name, p, now - t.retention_ms).changes;
              continue;
            }
            this.sql.clearLatest.run();
            this.sql.fillLatest.run(t.name, p);
            result.compacted += this.sql.compact.run(t.name, p).changes;
            result.tombstones += this.sql.dropTombstones.run(t.name, p, now - t.delete_retention_ms).changes;
          }
        }
      })
      .immediate();
    return result;
  }

  // ---- used by the consumers and readers of this log ----

  /** @internal */
  get groups(): GroupRegistry {
    return this.registry;
  }

  /** @internal */
  get pollIntervalMs(): number {
    return this.options.pollIntervalMs ?? 100;
  }

  /** @internal */
  warn(message: string): void {
    this.options.log?.('warn', message);
  }

  /** @internal */
  partitionCount(topic: string): number {
    return this.topicRow(topic).partitions;
  }

  /** @internal A new group starting at the end begins after what is there now. */
  startAtEnd(groupId: string, topic: string): void {
    const partitions = this.partitionCount(topic);
    this.db.transaction(() => {
      for (let p = 0; p < partitions; p++) this.sql.initOffset.run(groupId, topic, p, this.endOf(topic, p));
    })();
  }

  /** @internal The group's committed offset of a partition, if any. */
  committed(groupId: string, tp: TopicPartition): number | undefined {
    return this.sql.committed.get(groupId, tp.topic, tp.partition)?.next_offset;
  }

  /** @internal Committed offsets name the next record to read. */
  commitOffsets(groupId: string, offsets: TopicPartitionOffset[]): void {
    this.db.transaction(() => {
      for (const o of offsets) this.sql.commit.run(groupId, o.topic, o.partition, Number(o.offset));
    })();
  }

  /**
   * @internal The records of a partition from `from` on, and the partition's
   * end, read together: when fewer than `limit` come back, every record up to
   * the end is among them.
   */
  fetch(tp: TopicPartition, from: number, limit: number): { records: ConsumedRecord[]; end: number } {
    return this.db.transaction(() => {
      const rows = this.sql.records.all(tp.topic, tp.partition, from, limit);
      return { records: rows.map((r) => toRecord(tp, r)), end: this.endOf(tp.topic, tp.partition) };
    })();
  }

  /** @internal The offset a reader starting there hands over first. */
  startOffset(topic: string, partition: number, from: ReaderStart): number {
    const partitions = this.partitionCount(topic);
    if (!Number.isSafeInteger(partition) || partition < 0 || partition >= partitions) {
      throw new Error(`topic ${topic} has no partition ${partition} (it has ${partitions})`);
    }
    const end = this.endOf(topic, partition);
    if (from === 'latest') return end;
    if (from === 'earliest') return this.sql.first.get(topic, partition)?.first ?? end;
    if ('timestamp' in from) return this.offsetAtTime(topic, partition, from.timestamp);
    if (!/^\d+$/.test(from.offset)) throw new Error(`offset must be a decimal string, got ${from.offset}`);
    const offset = Number(from.offset);
    if (offset > end) throw new Error(`offset ${offset} is past the end (${end}) of ${topic}/${partition}`);
    return offset;
  }

  /** @internal Resolves when records are appended here, or after the poll interval. */
  waitForRecords(signal: EventEmitter): Promise<void> {
    return new Promise((resolveWait) => {
      const done = () => {
        clearTimeout(timer);
        this.appended.off('appended', done);
        signal.off('wake', done);
        resolveWait();
      };
      const timer = setTimeout(done, this.pollIntervalMs);
      this.appended.once('appended', done);
      signal.once('wake', done);
    });
  }

  private topicRow(topic: string): TopicRow {
    const row = this.sql.topic.get(topic);
    if (!row) throw new Error(`topic ${topic} does not exist: create it with createTopics first`);
    return row;
  }

  private endOf(topic: string, partition: number): number {
    return this.sql.end.get(topic, partition)?.next_offset ?? 0;
  }

  private offsetAtTime(topic: string, partition: number, timestamp: number): number {
    return this.sql.atTime.get(topic, partition, timestamp)?.first ?? this.endOf(topic, partition);
  }
}

function statements(db: Database.Database) {
  return {
    topic: db.prepare<[string], TopicRow>('SELECT * FROM topics WHERE name = ?'),
    topics: db.prepare<[], TopicRow>('SELECT * FROM topics ORDER BY name'),
    insertTopic: db.prepare<[string, number, number | null, string, number]>(
      `INSERT OR IGNORE INTO topics (name, partitions, retention_ms, cleanup_policy, delete_retention_ms)
       VALUES (?, ?, ?, ?, ?)`,
    ),
    alterTopic: db.prepare<[number | null, string, number, string]>(
      'UPDATE topics SET retention_ms = ?, cleanup_policy = ?, delete_retention_ms = ? WHERE name = ?',
    ),
    growTopic: db.prepare<[number, string]>('UPDATE topics SET partitions = ? WHERE name = ?'),
    end: db.prepare<[string, number], { next_offset: number }>(
      'SELECT next_offset FROM partition_ends WHERE topic = ? AND partition = ?',
    ),
    setEnd: db.prepare<[string, number, number]>(
      `INSERT INTO partition_ends (topic, partition, next_offset) VALUES (?, ?, ?)
       ON CONFLICT (topic, partition) DO UPDATE SET next_offset = excluded.next_offset`,
    ),
    insertRecord: db.prepare<[string, number, number, string | null, Buffer, string, number]>(
      'INSERT INTO records (topic, partition, offset, key, value, headers, timestamp) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    records: db.prepare<[string, number, number, number], RecordRow>(
      `SELECT offset, key, value, headers, timestamp FROM records
       WHERE topic = ? AND partition = ? AND offset >= ? ORDER BY offset LIMIT ?`,
    ),
    first: db.prepare<[string, number], { first: number | null }>(
      'SELECT MIN(offset) AS first FROM records WHERE topic = ? AND partition = ?',
    ),
    atTime: db.prepare<[string, number, number], { first: number | null }>(
      'SELECT MIN(offset) AS first FROM records WHERE topic = ? AND partition = ? AND timestamp >= ?',
    ),
    committed: db.prepare<[string, string, number], { next_offset: number }>(
      'SELECT next_offset FROM group_offsets WHERE group_id = ? AND topic = ? AND partition = ?',
    ),
    initOffset: db.prepare<[string, string, number, number]>(
      'INSERT OR IGNORE INTO group_offsets (group_id, topic, partition, next_offset) VALUES (?, ?, ?, ?)',
    ),
    commit: db.prepare<[string, string, number, number]>(
      `INSERT INTO group_offsets (group_id, topic, partition, next_offset) VALUES (?, ?, ?, ?)
       ON CONFLICT (group_id, topic, partition) DO UPDATE SET next_offset = excluded.next_offset`,
    ),
    expire: db.prepare<[string, number, number]>(
      'DELETE FROM records WHERE topic = ? AND partition = ? AND timestamp < ?',
    ),
    clearLatest: db.prepare('DELETE FROM temp.latest_of_key'),
    fillLatest: db.prepare<[string, number]>(
      `INSERT INTO temp.latest_of_key (key, offset)
       SELECT key, MAX(offset) FROM records WHERE topic = ? AND partition = ? AND key IS NOT NULL GROUP BY key`,
    ),
    compact: db.prepare<[string, number]>(
      `DELETE FROM records WHERE topic = ? AND partition = ?
       AND offset < (SELECT l.offset FROM temp.latest_of_key l WHERE l.key = records.key)`,
    ),
    dropTombstones: db.prepare<[string, number, number]>(
      `DELETE FROM records WHERE topic = ? AND partition = ? AND length(value) = 0 AND timestamp < ?
       AND offset = (SELECT l.offset FROM temp.latest_of_key l WHERE l.key = records.key)`,
    ),
  };
}

function toRecord(tp: TopicPartition, r: RecordRow): ConsumedRecord {
  return {
    topic: tp.topic,
    partition: tp.partition,
    offset: String(r.offset),
    key: r.key,
    value: r.value,
    headers: JSON.parse(r.headers) as Record<string, string>,
    timestamp: r.timestamp,
  };
}

/** A stable hash of the key picks the partition: one key, one partition, one order. */
function partitionOf(key: string, partitions: number): number {
  return createHash('sha1').update(key).digest().readUInt32BE(0) % partitions;
}
