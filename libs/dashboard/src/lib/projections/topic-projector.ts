import { decodeRecord, type TopicName, type TopicValue } from '@regicam/contracts';
import { batchLookup, type Lookup } from '@regicam/event-sourcing';
import type { ConsumedRecord, MessageLog, MessageReader, RecordBatch } from '@regicam/messaging';
import type { Collection, CollectionOptions, ReadDocument, ReadStore, Write } from '@regicam/read-store';

/** A record of a topic as a topic projection gets it: decoded and checked against the topic's contract. */
export type ProjectedRecord<V> = { value: V; partition: number; offset: bigint; timestamp: number };

/**
 * A read model kept from a topic (the way `Projection` is kept from the
 * event store): the collections it writes (it is their only writer) and
 * the writes of one record, reading what earlier records of the batch wrote.
 */
export type TopicProjection<N extends TopicName = TopicName> = {
  /** The checkpoint's name: the positions in every partition, saved with the writes. */
  name: string;
  /** The topic's contract (`TOPIC.thumbnails`); records that do not fit it are skipped and counted. */
  contract: N;
  collections: { name: string; indexes: CollectionOptions }[];
  project(record: ProjectedRecord<TopicValue<N>>, lookup: Lookup): Promise<Write[]>;
  /** Documents dropped once older than `keepMs` (by an ISO time field), by the projector that writes them. */
  retention?: { collection: string; field: string; keepMs: number }[];
};

export type TopicProjectorOptions = {
  /** The broker's name of the topic (with the installation's prefix). */
  topic: string;
  maxBatchSize?: number;
  /** How often expired documents are dropped (default 10 minutes). */
  sweepEveryMs?: number;
  now?: () => Date;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
};

/** Positions per partition: the offset of the next record to read. */
export type TopicPositions = Record<string, string>;

export const parsePositions = (text: string | null): TopicPositions =>
  text ? (JSON.parse(text) as TopicPositions) : {};

/**
 * Keeps a topic projection up to date, in one process at a time (it is a
 * part of the `projector` role, claimed like the event store projections):
 * 1. opens the collections, reads the checkpoint (the next offset of every
 *    partition) and reads every partition of the topic from there with a
 *    group-less reader (from the earliest record the first time);
 * 2. each batch: decodes every record (one that does not fit the contract
 *    is skipped, counted and logged: it stops nothing), projects it, and
 *    commits the writes with the checkpoint that includes the batch, in one
 *    commit: the positions never move before the writes they stand for;
 * 3. a failed commit or projection hands the batch over again after the
 *    reader's backoff (the writes are idempotent: versions are offsets, sets
 *    are sets), so nothing is skipped.
 * Partitions added to the topic later are read from the next start.
 */
export class TopicProjector<N extends TopicName = TopicName> {
  private reader?: MessageReader;
  private positions: TopicPositions = {};
  private readonly collections = new Map<string, Collection<ReadDocument>>();
  private state: 'stopped' | 'running' | 'restarting' = 'stopped';
  private failures = 0;
  private lastError: string | null = null;
  private skipped = 0;
  private projected = 0;
  private sweepTimer?: NodeJS.Timeout;

  constructor(
    readonly projection: TopicProjection<N>,
    private readonly log: MessageLog,
    private readonly store: ReadStore,
    private readonly options: TopicProjectorOptions,
  ) {}

  get name(): string {
    return this.projection.name;
  }

  async start(): Promise<void> {
    if (this.state !== 'stopped') return;
    for (const c of this.projection.collections) {
      if (!this.collections.has(c.name)) this.collections.set(c.name, await this.store.collection(c.name, c.indexes));
    }
    this.positions = parsePositions(await this.store.checkpoint(this.name));
    const reader = this.log.reader({
      topic: this.options.topic,
      maxBatchSize: this.options.maxBatchSize,
      handler: (batch) => this.handle(batch),
    });
    await reader.start();
    for (const { partition } of await this.log.endOffsets(this.options.topic)) {
      const at = this.positions[String(partition)];
      await reader.assign(partition, at === undefined ? 'earliest' : { offset: at });
    }
    this.reader = reader;
    this.state = 'running';
    if (this.projection.retention?.length) {
      void this.sweep();
      this.sweepTimer = setInterval(() => void this.sweep(), this.options.sweepEveryMs ?? 600_000);
      this.sweepTimer.unref();
    }
  }

  /** Stops reading; resolves once the batch in hand is committed or abandoned. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    clearInterval(this.sweepTimer);
    await this.reader?.stop();
    this.reader = undefined;
  }

  status(): { state: string; details: Record<string, unknown> } {
    return {
      state: this.state,
      details: {
        checkpoint: this.positions,
        projected: this.projected,
        skipped: this.skipped,
        consecutiveFailures: this.failures,
        lastError: this.lastError,
      },
    };
  }

  /** Resolves once every partition is read up to its end offset as of the call (tests, replay). */
  async caughtUp(timeoutMs = 30_000): Promise<void> {
    const ends = await this.log.endOffsets(this.options.topic);
    const deadline = Date.now() + timeoutMs;
    // The reader's position, which also passes records the log deleted (retention) after the last one read.
    const at = (p: number) => BigInt(this.reader?.position(p) ?? this.positions[String(p)] ?? '0');
    while (!ends.every((e) => at(e.partition) >= BigInt(e.offset))) {
      if (Date.now() > deadline)
        throw new Error(`${this.name} did not read ${this.options.topic} to its end in ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private async handle(batch: RecordBatch): Promise<void> {
    try {
      const pending: Write[] = [];
      const lookup = batchLookup(() => pending, this.collections, this.name);
      for (const record of batch.records) {
        const value = this.decode(record);
        if (value === undefined) continue;
        const projected = {
          value,
          partition: record.partition,
          offset: BigInt(record.offset),
          timestamp: record.timestamp,
        };
        pending.push(...(await this.projection.project(projected, lookup)));
      }
      const last = batch.records[batch.records.length - 1];
      const next = { ...this.positions, [String(batch.partition)]: String(BigInt(last.offset) + 1n) };
      await this.store.commit({ writes: pending, checkpoint: { name: this.name, position: JSON.stringify(next) } });
      this.positions = next;
      this.projected += batch.records.length;
      this.failures = 0;
      if (this.state === 'restarting') this.state = 'running';
    } catch (error) {
      this.failures++;
      this.lastError = error instanceof Error ? error.message : String(error);
      if (this.state === 'running') this.state = 'restarting';
      this.options.log?.(
        'error',
        `${this.name}: batch of partition ${batch.partition} failed, retrying: ${this.lastError}`,
      );
      throw error;
    }
  }

  private decode(record: ConsumedRecord): TopicValue<N> | undefined {
    const decoded = decodeRecord(this.projection.contract, record);
    if (decoded.ok) return decoded.value as TopicValue<N>;
    this.skipped++;
    this.options.log?.(
      'warn',
      `${this.name}: skipped ${record.topic}/${record.partition}@${record.offset}, it does not fit the contract: ${decoded.reason}`,
    );
    return undefined;
  }

  /** Drops the documents past their retention, a few pages a run (the next run goes on). */
  private async sweep(): Promise<void> {
    const now = (this.options.now?.() ?? new Date()).getTime();
    try {
      for (const r of this.projection.retention ?? []) {
        const collection = this.collections.get(r.collection);
        if (!collection) continue;
        const cutoff = new Date(now - r.keepMs).toISOString();
        for (let page = 0; page < 10; page++) {
          const old = await collection.find({ [r.field]: { $lt: cutoff } }, { limit: 500 });
          for (const doc of old.items) await collection.delete(doc.id, { version: doc.version + 1 });
          if (!old.nextCursor) break;
        }
      }
    } catch (error) {
      this.options.log?.(
        'warn',
        `${this.name}: dropping expired documents failed, trying again later: ${String(error)}`,
      );
    }
  }
}

/**
 * Rebuilds a topic projection into `target` (a store of its own, so the
 * live read model is not touched) by reading the topic from its first
 * record up to its end as of the start; returns how many records it read.
 * A topic that does not exist yet (an installation that never started its
 * roles) holds nothing: the rebuilt model is empty.
 */
export async function replayTopicProjection<N extends TopicName>(
  projection: TopicProjection<N>,
  log: MessageLog,
  topic: string,
  target: ReadStore,
  timeoutMs = 600_000,
): Promise<number> {
  const [described] = await log.describeTopics([topic]);
  if (!described?.exists) return 0;
  const projector = new TopicProjector(projection, log, target, { topic });
  await projector.start();
  try {
    await projector.caughtUp(timeoutMs);
  } finally {
    await projector.stop();
  }
  return projector.status().details['projected'] as number;
}
