import {
  backoff,
  partitionKey,
  afterHandlerCommits,
  type CommitCoalescer,
  callWithRetry,
  checkManualCommit,
  deadLetterTopic,
  offsetAfter,
  sleepUnless,
  type ConsumerOptions,
  type MessageConsumer,
  type TopicPartition,
  type TopicPartitionOffset,
} from '@regicam/messaging';
import type { Consumer, EachBatchPayload, IMemberAssignment } from 'kafkajs';
import { handOver, runMember } from './kafka-records';
import type { KafkaMessageLog } from './kafka-message-log';

/**
 * A member of a Kafka consumer group (kafkajs, eager rebalancing). What it
 * adds to kafkajs:
 * 1. offsets are committed only for records whose handler returned:
 *    coalesced over `commitIntervalMs` (one commit, not one per batch), and
 *    flushed before stop and as soon as a rebalance shows (before the
 *    member rejoins); in manual mode only by `commit()`;
 * 2. it follows the assignment at each group join: onRevoked for what it
 *    lost (their waiting offsets are dropped, the next owner gets them
 *    again), onAssigned for what it gained, awaited (with heartbeats)
 *    before their batches are handed over;
 * 3. partitions it keeps across a rebalance go on where its handler got to,
 *    not from the committed offset kafkajs would refetch from.
 */
export class KafkaConsumer implements MessageConsumer {
  private consumer?: Consumer;
  private stopping?: Promise<void>;
  private closing = false;
  private readonly stopped = new AbortController();
  private readonly paused = new Set<string>();
  private owned = new Map<string, TopicPartition>();
  /** Per owned partition, the offset after the last record whose handler returned. */
  private readonly processedUpTo = new Map<string, string>();
  private generation = 0;
  private callbacks: Promise<void> = Promise.resolve();
  private callbacksPending = 0;
  private inHand?: Promise<unknown>;
  private readonly commits?: CommitCoalescer;

  constructor(
    private readonly log: KafkaMessageLog,
    private readonly options: ConsumerOptions,
    private readonly onStopped: (c: KafkaConsumer) => void,
  ) {
    this.commits = afterHandlerCommits(
      options,
      (offsets) => this.commitNow(offsets.filter((o) => this.owned.has(partitionKey(o)))),
      (message) => log.warn(message),
    );
  }

  async start(): Promise<void> {
    const { groupId, topics } = this.options;
    // Created while the member joins; awaited before it consumes.
    const deadLetters = this.log.ensureDeadLetterTopics(topics);
    deadLetters.catch(() => undefined);
    if (this.options.fromBeginning === false) await this.log.startAtEnd(groupId, topics);
    const consumer = this.log.kafkaConsumer(groupId);
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => this.joined(payload.memberAssignment));
    // Eager rebalancing revokes every partition: commit what was processed before rejoining.
    consumer.on(consumer.events.REBALANCING, () => void this.commits?.flush().catch(() => undefined));
    consumer.on(consumer.events.CRASH, ({ payload }) =>
      this.log.warn(
        `group ${groupId}: the consumer crashed (${payload.restart ? 'restarting' : 'not restarting'}): ${String(payload.error)}`,
      ),
    );
    await runMember(consumer, {
      topics,
      fromBeginning: this.options.fromBeginning ?? true,
      ready: deadLetters,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      // 1. No new batch; the one in hand ends, or gives up at its next attempt.
      this.closing = true;
      this.stopped.abort();
      await this.inHand;
      await this.callbacks;
      // 2. Commit what was processed while still a member, then leave.
      await this.commits?.flush().catch(() => undefined);
      this.commits?.close();
      await this.consumer?.disconnect();
      // 3. Everything it owned is gone now.
      const revoked = [...this.owned.values()];
      this.owned = new Map();
      if (revoked.length > 0 && this.options.onRevoked) {
        await Promise.resolve(this.options.onRevoked(revoked)).catch((error: unknown) =>
          this.log.warn(`group ${this.options.groupId}: onRevoked failed on stop: ${String(error)}`),
        );
      }
      this.onStopped(this);
    })();
    return this.stopping;
  }

  pause(topics?: string[]): void {
    const chosen = topics ?? this.options.topics;
    chosen.forEach((t) => this.paused.add(t));
    this.consumer?.pause(chosen.map((topic) => ({ topic })));
  }

  resume(topics?: string[]): void {
    const chosen = topics ?? this.options.topics;
    chosen.forEach((t) => this.paused.delete(t));
    this.consumer?.resume(chosen.map((topic) => ({ topic })));
  }

  async commit(offsets: TopicPartitionOffset[]): Promise<void> {
    checkManualCommit(
      this.options,
      offsets,
      (topic, partition) => !this.closing && this.owned.has(partitionKey({ topic, partition })),
      (topic, partition) => this.processedUpTo.get(partitionKey({ topic, partition })),
    );
    await this.commitNow(offsets);
  }

  /**
   * Commits and resolves once the broker took it. kafkajs skips a commit
   * silently while its runner is stopping; the commit event it emits on
   * success tells whether these offsets really went.
   */
  private async commitNow(offsets: TopicPartitionOffset[]): Promise<void> {
    if (offsets.length === 0) return;
    const consumer = this.consumer;
    if (!consumer) throw new Error(`group ${this.options.groupId}: the consumer has not started`);
    const wanted = new Set(offsets.map((o) => `${partitionKey(o)}\u0000${o.offset}`));
    const confirm = consumer.on(consumer.events.COMMIT_OFFSETS, ({ payload }) => {
      for (const { topic, partitions } of payload.topics) {
        for (const p of partitions)
          wanted.delete(`${partitionKey({ topic, partition: p.partition })}\u0000${String(p.offset)}`);
      }
    });
    try {
      await consumer.commitOffsets(offsets.map(({ topic, partition, offset }) => ({ topic, partition, offset })));
    } finally {
      confirm();
    }
    if (wanted.size > 0)
      throw new Error(`group ${this.options.groupId}: the consumer is not running, nothing committed`);
  }

  /** The group assignment of this member changed (a group join, the first one included). */
  private joined(assignment: IMemberAssignment): void {
    const next = new Map<string, TopicPartition>();
    for (const [topic, partitions] of Object.entries(assignment)) {
      for (const partition of partitions) next.set(partitionKey({ topic, partition }), { topic, partition });
    }
    const revoked = [...this.owned.values()].filter((tp) => !next.has(partitionKey(tp)));
    const added = [...next.values()].filter((tp) => !this.owned.has(partitionKey(tp)));
    this.generation++;
    this.owned = next;
    revoked.forEach((tp) => this.processedUpTo.delete(partitionKey(tp)));
    this.commits?.drop((tp) => !next.has(partitionKey(tp)));
    for (const tp of next.values()) {
      const at = this.processedUpTo.get(partitionKey(tp));
      if (at !== undefined) this.consumer?.seek({ ...tp, offset: at });
    }
    if (this.paused.size > 0) this.consumer?.pause([...this.paused].map((topic) => ({ topic })));
    const { onRevoked, onAssigned } = this.options;
    if (revoked.length === 0 && added.length === 0) return;
    this.callbacksPending++;
    this.callbacks = this.callbacks
      .then(async () => {
        if (onRevoked && revoked.length > 0) await this.callback('onRevoked', () => onRevoked(revoked));
        if (onAssigned && added.length > 0) await this.callback('onAssigned', () => onAssigned(added));
      })
      .finally(() => this.callbacksPending--);
  }

  private async eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    if (this.closing) return;
    if (this.callbacksPending > 0) await this.untilCallbacksDone(heartbeat);
    const tp = { topic: batch.topic, partition: batch.partition };
    const key = partitionKey(tp);
    const generation = this.generation;
    if (this.closing || !this.owned.has(key)) return;
    const { groupId, handler } = this.options;
    const upTo = this.processedUpTo.get(key);
    const work = handOver(batch, this.options.maxBatchSize ?? 500, upTo === undefined ? undefined : BigInt(upTo), {
      handler,
      stillOwned: () => !this.closing && isRunning() && !isStale() && this.generation === generation,
      processed: (record) => {
        resolveOffset(record.offset);
        const next = offsetAfter(record);
        this.processedUpTo.set(key, next);
        this.commits?.processed(tp, next);
      },
      deadLetters: { groupId, send: (message) => this.log.send(deadLetterTopic(batch.topic), [message]) },
      heartbeat: () => this.heartbeat(heartbeat),
      ...backoff(this.options, `group ${groupId}: batch of ${batch.topic}/${batch.partition}`, (message) =>
        this.log.warn(message),
      ),
      sleep: (ms) => sleepUnless(this.stopped.signal, ms),
    });
    this.inHand = work.catch(() => undefined);
    try {
      await work;
    } finally {
      this.inHand = undefined;
    }
  }

  /** A heartbeat that fails means a rebalance: commit what was processed, then let kafkajs rejoin. */
  private async heartbeat(beat: () => Promise<void>): Promise<void> {
    try {
      await beat();
    } catch (error) {
      await this.commits?.flush().catch(() => undefined);
      throw error;
    }
  }

  /** Waits for the assignment callbacks, heartbeating so that the member stays in the group. */
  private async untilCallbacksDone(beat: () => Promise<void>): Promise<void> {
    let done = false;
    const settled = this.callbacks.then(() => void (done = true));
    while (!done && !this.closing) {
      await Promise.race([settled, sleepUnless(this.stopped.signal, this.log.heartbeatIntervalMs)]);
      if (!done && !this.closing) await this.heartbeat(beat);
    }
  }

  private callback(name: string, fn: () => Promise<void> | void): Promise<void> {
    return callWithRetry(fn, {
      wanted: () => !this.closing,
      ...backoff(this.options, `group ${this.options.groupId}: ${name}`, (message) => this.log.warn(message)),
      sleep: (ms) => sleepUnless(this.stopped.signal, ms),
    });
  }
}
