import {
  runBatch,
  deadLetterTopic,
  type ConsumedRecord,
  type ConsumerOptions,
  type MessageConsumer,
  type MessageLog,
  type OutgoingMessage,
  type TopicSpec,
} from '@regicam/messaging';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import { GroupRegistry, type TopicPartition } from './group-registry';

export type SqliteMessageLogOptions = {
  /** The database file (created when missing), or ':memory:'. */
  path: string;
  /** How often an idle consumer looks for records another process appended. */
  pollIntervalMs?: number;
  log?: (level: 'warn' | 'error', message: string) => void;
};

type RecordRow = {
  offset: number;
  key: string | null;
  value: Buffer;
  headers: string;
  timestamp: number;
};

/** Registries of consumer groups, one per database file of this process. */
const registries = new Map<string, GroupRegistry>();

/**
 * The message log in one SQLite file, for the embedded one-process default.
 * Records are kept per topic and partition with gap-free offsets; each group
 * commits, per partition, the offset of the next record to read, in the same
 * file. Partitions are chosen by a hash of the key, as Kafka does, so that
 * the stream code sees the same ordering guarantees on both.
 */
export class SqliteMessageLog implements MessageLog {
  private readonly db: Database.Database;
  private readonly registry: GroupRegistry;
  private readonly appended = new EventEmitter();
  private readonly consumers = new Set<SqliteConsumer>();
  private roundRobin = 0;

  constructor(private readonly options: SqliteMessageLogOptions) {
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS topics (name TEXT PRIMARY KEY, partitions INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS records (
        topic TEXT NOT NULL, partition INTEGER NOT NULL, offset INTEGER NOT NULL,
        key TEXT, value BLOB NOT NULL, headers TEXT NOT NULL, timestamp INTEGER NOT NULL,
        PRIMARY KEY (topic, partition, offset)
      ) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS group_offsets (
        group_id TEXT NOT NULL, topic TEXT NOT NULL, partition INTEGER NOT NULL, next_offset INTEGER NOT NULL,
        PRIMARY KEY (group_id, topic, partition)
      ) WITHOUT ROWID;
    `);
    const key = options.path === ':memory:' ? Symbol('memory').toString() + Math.random() : resolve(options.path);
    this.registry = registries.get(key) ?? new GroupRegistry();
    registries.set(key, this.registry);
    this.appended.setMaxListeners(0);
  }

  async createTopics(topics: TopicSpec[]): Promise<void> {
    const insert = this.db.prepare('INSERT OR IGNORE INTO topics (name, partitions) VALUES (?, ?)');
    this.db.transaction(() => topics.forEach((t) => insert.run(t.name, t.partitions)))();
  }

  async send(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const partitions = this.partitionCount(topic);
    const lastOffset = this.db.prepare<[string, number], { last: number | null }>(
      'SELECT MAX(offset) AS last FROM records WHERE topic = ? AND partition = ?',
    );
    const insert = this.db.prepare(
      'INSERT INTO records (topic, partition, offset, key, value, headers, timestamp) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const now = Date.now();
    this.db.transaction(() => {
      const next = new Map<number, number>();
      for (const m of messages) {
        const partition = m.key === null ? this.roundRobin++ % partitions : partitionOf(m.key, partitions);
        const offset = next.get(partition) ?? (lastOffset.get(topic, partition)?.last ?? -1) + 1;
        next.set(partition, offset + 1);
        const value = typeof m.value === 'string' ? Buffer.from(m.value, 'utf8') : m.value;
        insert.run(topic, partition, offset, m.key, value, JSON.stringify(m.headers ?? {}), now);
      }
    })();
    this.appended.emit('appended');
  }

  consumer(options: ConsumerOptions): MessageConsumer {
    const consumer = new SqliteConsumer(this, options, (c) => this.consumers.delete(c));
    this.consumers.add(consumer);
    return consumer;
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.stop()));
    this.db.close();
  }

  // ---- used by the consumers of this log ----

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
    const row = this.db
      .prepare<[string], { partitions: number }>('SELECT partitions FROM topics WHERE name = ?')
      .get(topic);
    if (!row) throw new Error(`topic ${topic} does not exist: create it with createTopics first`);
    return row.partitions;
  }

  /** @internal A new group starting at the end begins after what is there now. */
  startAtEnd(groupId: string, topic: string): void {
    const partitions = this.partitionCount(topic);
    const end = this.db.prepare<[string, number], { last: number | null }>(
      'SELECT MAX(offset) AS last FROM records WHERE topic = ? AND partition = ?',
    );
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO group_offsets (group_id, topic, partition, next_offset) VALUES (?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (let p = 0; p < partitions; p++) insert.run(groupId, topic, p, (end.get(topic, p)?.last ?? -1) + 1);
    })();
  }

  /** @internal The records of a partition from the group's committed offset on. */
  fetch(groupId: string, tp: TopicPartition, limit: number): ConsumedRecord[] {
    const committed = this.db
      .prepare<[string, string, number], { next_offset: number }>(
        'SELECT next_offset FROM group_offsets WHERE group_id = ? AND topic = ? AND partition = ?',
      )
      .get(groupId, tp.topic, tp.partition);
    const rows = this.db
      .prepare<[string, number, number, number], RecordRow>(
        'SELECT offset, key, value, headers, timestamp FROM records WHERE topic = ? AND partition = ? AND offset >= ? ORDER BY offset LIMIT ?',
      )
      .all(tp.topic, tp.partition, committed?.next_offset ?? 0, limit);
    return rows.map((r) => ({
      topic: tp.topic,
      partition: tp.partition,
      offset: String(r.offset),
      key: r.key,
      value: r.value,
      headers: JSON.parse(r.headers) as Record<string, string>,
      timestamp: r.timestamp,
    }));
  }

  /** @internal Committed offsets name the next record to read. */
  commit(groupId: string, record: ConsumedRecord): void {
    this.db
      .prepare(
        `INSERT INTO group_offsets (group_id, topic, partition, next_offset) VALUES (?, ?, ?, ?)
         ON CONFLICT (group_id, topic, partition) DO UPDATE SET next_offset = excluded.next_offset`,
      )
      .run(groupId, record.topic, record.partition, Number(record.offset) + 1);
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
}

/** A stable hash of the key picks the partition: one key, one partition, one order. */
function partitionOf(key: string, partitions: number): number {
  return createHash('sha1').update(key).digest().readUInt32BE(0) % partitions;
}

class SqliteConsumer implements MessageConsumer {
  private running = false;
  private loop?: Promise<void>;
  private readonly paused = new Set<string>();
  private readonly wake = new EventEmitter();

  constructor(
    private readonly log: SqliteMessageLog,
    private readonly options: ConsumerOptions,
    private readonly onStopped: (c: SqliteConsumer) => void,
  ) {}

  async start(): Promise<void> {
    const { groupId, topics } = this.options;
    await this.log.createTopics(topics.map((t) => ({ name: deadLetterTopic(t), partitions: 1 })));
    if (this.options.fromBeginning === false) topics.forEach((t) => this.log.startAtEnd(groupId, t));
    const partitions = topics.map((topic) => ({ topic, partitions: this.log.partitionCount(topic) }));
    this.log.groups.join(groupId, this, partitions);
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    if (!this.loop) return;
    this.running = false;
    this.wake.emit('wake');
    await this.loop;
    this.loop = undefined;
    this.log.groups.leave(this.options.groupId, this);
    this.onStopped(this);
  }

  pause(topics?: string[]): void {
    (topics ?? this.options.topics).forEach((t) => this.paused.add(t));
  }

  resume(topics?: string[]): void {
    (topics ?? this.options.topics).forEach((t) => this.paused.delete(t));
    this.wake.emit('wake');
  }

  private async run(): Promise<void> {
    const { groupId, handler } = this.options;
    const groups = this.log.groups;
    while (this.running) {
      let handed = false;
      for (const tp of groups.assignment(groupId, this)) {
        if (!this.running) break;
        if (this.paused.has(tp.topic) || !groups.lock(groupId, tp)) continue;
        try {
          const records = this.log.fetch(groupId, tp, this.options.maxBatchSize ?? 500);
          if (records.length === 0) continue;
          handed = true;
          await runBatch(tp.topic, tp.partition, records, {
            groupId,
            handler,
            stillOwned: () => this.running && groups.owns(groupId, this, tp),
            commit: async (record) => this.log.commit(groupId, record),
            sendDeadLetter: (message) => this.log.send(deadLetterTopic(tp.topic), [message]),
            heartbeat: async () => undefined,
            retryDelayMs: this.options.retryDelayMs ?? 200,
            maxRetryDelayMs: this.options.maxRetryDelayMs ?? 10_000,
            onRetry: (error, attempt, delay) =>
              this.log.warn(
                `group ${groupId}: batch of ${tp.topic}/${tp.partition} failed (attempt ${attempt}), retrying in ${delay} ms: ${String(error)}`,
              ),
            sleep: (ms) => this.sleep(ms),
          });
        } finally {
          groups.unlock(groupId, tp);
        }
      }
      if (!handed && this.running) await this.log.waitForRecords(this.wake);
    }
  }

  /** Waits, but wakes at once when the consumer stops. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolveSleep) => {
      const done = () => {
        clearTimeout(timer);
        this.wake.off('wake', done);
        resolveSleep();
      };
      const timer = setTimeout(done, ms);
      this.wake.once('wake', done);
    });
  }
}
