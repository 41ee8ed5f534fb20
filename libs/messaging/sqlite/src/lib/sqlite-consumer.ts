import {
  backoff,
  partitionKey,
  afterHandlerCommits,
  type CommitCoalescer,
  callWithRetry,
  checkManualCommit,
  deadLetterTopic,
  deadLetterTopicSpec,
  runBatch,
  sleepUnless,
  type ConsumerOptions,
  type MessageConsumer,
  type TopicPartition,
  type TopicPartitionOffset,
} from '@regicam/messaging';
import { EventEmitter } from 'node:events';
import type { SqliteMessageLog } from './sqlite-message-log';

/** A partition this member owns: where it fetches next, and how far its handler got. */
type Owned = { tp: TopicPartition; position?: number; processedUpTo?: number };

/**
 * A member of a consumer group of the SQLite log. One loop goes round the
 * partitions the group's registry deals it: it follows the assignment
 * (calling onRevoked / onAssigned), then fetches each partition it can
 * lock from its position and runs the batch.
 */
export class SqliteConsumer implements MessageConsumer {
  private running = false;
  private loop?: Promise<void>;
  private readonly paused = new Set<string>();
  private readonly wake = new EventEmitter();
  private readonly stopped = new AbortController();
  private readonly owned = new Map<string, Owned>();
  /** Partitions whose lock this member holds: their processed offsets may still be committed. */
  private readonly holding = new Set<string>();
  private readonly commits?: CommitCoalescer;

  constructor(
    private readonly log: SqliteMessageLog,
    private readonly options: ConsumerOptions,
    private readonly onStopped: (c: SqliteConsumer) => void,
  ) {
    this.commits = afterHandlerCommits(
      options,
      // Only what this member still owns, or still holds the lock of: the next owner has not fetched it.
      (offsets) =>
        log.commitOffsets(
          options.groupId,
          offsets.filter((o) => this.holding.has(partitionKey(o)) || this.ownsNow(o)),
        ),
      (message) => log.warn(message),
    );
  }

  async start(): Promise<void> {
    const { groupId, topics } = this.options;
    await this.log.createTopics(topics.map(deadLetterTopicSpec));
    if (this.options.fromBeginning === false) topics.forEach((t) => this.log.startAtEnd(groupId, t));
    topics.forEach((t) => this.log.partitionCount(t));
    this.log.groups.join(groupId, {
      id: this,
      topics,
      partitions: (topic) => this.log.partitionCount(topic),
      beforeRebalance: () => void this.commits?.flush().catch(() => undefined),
    });
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    if (!this.loop) return;
    this.running = false;
    this.stopped.abort();
    this.wake.emit('wake');
    await this.loop;
    this.loop = undefined;
    await this.commits?.flush().catch(() => undefined);
    this.commits?.close();
    this.log.groups.leave(this.options.groupId, this);
    const revoked = [...this.owned.values()].map((o) => o.tp);
    this.owned.clear();
    if (revoked.length > 0) {
      await Promise.resolve(this.options.onRevoked?.(revoked)).catch((error: unknown) =>
        this.log.warn(`group ${this.options.groupId}: onRevoked failed on stop: ${String(error)}`),
      );
    }
    this.onStopped(this);
  }

  pause(topics?: string[]): void {
    (topics ?? this.options.topics).forEach((t) => this.paused.add(t));
  }

  resume(topics?: string[]): void {
    (topics ?? this.options.topics).forEach((t) => this.paused.delete(t));
    this.wake.emit('wake');
  }

  async commit(offsets: TopicPartitionOffset[]): Promise<void> {
    checkManualCommit(
      this.options,
      offsets,
      (topic, partition) => this.running && this.ownsNow({ topic, partition }),
      (topic, partition) => this.owned.get(partitionKey({ topic, partition }))?.processedUpTo?.toString(),
    );
    this.log.commitOffsets(this.options.groupId, offsets);
  }

  private ownsNow(tp: TopicPartition): boolean {
    return this.owned.has(partitionKey(tp)) && this.log.groups.owns(this.options.groupId, this, tp);
  }

  private async run(): Promise<void> {
    const { groupId, handler } = this.options;
    const groups = this.log.groups;
    while (this.running) {
      await this.followAssignment();
      let handed = false;
      for (const [key, owned] of this.owned) {
        const { tp } = owned;
        if (!this.running) break;
        if (this.paused.has(tp.topic) || !groups.lock(groupId, tp)) continue;
        this.holding.add(key);
        try {
          owned.position ??= this.log.committed(groupId, tp) ?? 0;
          const { records } = this.log.fetch(tp, owned.position, this.options.maxBatchSize ?? 500);
          if (records.length === 0) continue;
          handed = true;
          await runBatch(tp.topic, tp.partition, records, {
            handler,
            stillOwned: () => this.running && this.owned.get(key) === owned && groups.owns(groupId, this, tp),
            processed: (record) => {
              owned.position = owned.processedUpTo = Number(record.offset) + 1;
              this.commits?.processed(tp, String(owned.position));
            },
            deadLetters: { groupId, send: (message) => this.log.send(deadLetterTopic(tp.topic), [message]) },
            heartbeat: async () => undefined,
            ...backoff(this.options, `group ${groupId}: batch of ${tp.topic}/${tp.partition}`, (message) =>
              this.log.warn(message),
            ),
            sleep: (ms) => sleepUnless(this.stopped.signal, ms),
          });
        } finally {
          // Taken over while in hand: commit what was processed before the next owner can fetch it.
          if (!groups.owns(groupId, this, tp))
            await this.commits?.flush((x) => partitionKey(x) === key).catch(() => undefined);
          this.holding.delete(key);
          groups.unlock(groupId, tp);
        }
      }
      if (!handed && this.running) await this.log.waitForRecords(this.wake);
    }
  }

  /** Takes in what the registry deals this member now: revoked partitions first, then the new ones. */
  private async followAssignment(): Promise<void> {
    const now = this.log.groups.assignment(this.options.groupId, this);
    const current = new Set(now.map(partitionKey));
    const revoked = [...this.owned.values()].filter((o) => !current.has(partitionKey(o.tp))).map((o) => o.tp);
    const added = now.filter((tp) => !this.owned.has(partitionKey(tp)));
    if (revoked.length === 0 && added.length === 0) return;
    revoked.forEach((tp) => this.owned.delete(partitionKey(tp)));
    this.commits?.drop((tp) => !current.has(partitionKey(tp)));
    added.forEach((tp) => this.owned.set(partitionKey(tp), { tp }));
    const { onRevoked, onAssigned } = this.options;
    if (onRevoked && revoked.length > 0) await this.callback('onRevoked', () => onRevoked(revoked));
    if (onAssigned && added.length > 0) await this.callback('onAssigned', () => onAssigned(added));
  }

  private callback(name: string, fn: () => Promise<void> | void): Promise<void> {
    return callWithRetry(fn, {
      wanted: () => this.running,
      ...backoff(this.options, `group ${this.options.groupId}: ${name}`, (message) => this.log.warn(message)),
      sleep: (ms) => sleepUnless(this.stopped.signal, ms),
    });
  }
}
