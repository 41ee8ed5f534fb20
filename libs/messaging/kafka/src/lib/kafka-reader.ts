import {
  ReaderPartitions,
  backoff,
  sleepUnless,
  type MessageReader,
  type ReaderOptions,
  type ReaderStart,
} from '@regicam/messaging';
import type { Consumer, EachBatchPayload } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { handOver, runMember } from './kafka-records';
import type { KafkaMessageLog } from './kafka-message-log';

/**
 * A group-less reader on Kafka. kafkajs reads only as a group member, so
 * the reader is a group of its own (a unique group id) that never commits:
 * alone in it, it is assigned every partition; the ones not assigned to the
 * reader are paused, the assigned ones sought to where the reader is. It
 * costs one consumer connection and one group join at start (with the
 * broker's `group.initial.rebalance.delay.ms`, 3 s by default), and its
 * group is deleted on stop; a process killed leaves an empty group without
 * offsets, which the broker drops.
 */
export class KafkaReader implements MessageReader {
  private consumer?: Consumer;
  private joined = false;
  private closing = false;
  private readonly stopped = new AbortController();
  private readonly partitions = new ReaderPartitions();
  private readonly groupId: string;

  constructor(
    private readonly log: KafkaMessageLog,
    private readonly options: ReaderOptions,
    private readonly onStopped: (r: KafkaReader) => void,
  ) {
    this.groupId = `${log.clientId}-reader-${options.topic}-${randomUUID()}`;
  }

  async start(): Promise<void> {
    if (this.consumer) return;
    const { topic } = this.options;
    const consumer = this.log.kafkaConsumer(this.groupId);
    this.consumer = consumer;
    // Every (re)join: before the first fetch, pause what is not read and seek what is.
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => this.follow(payload.memberAssignment[topic] ?? []));
    await runMember(consumer, {
      topics: [topic],
      fromBeginning: true,
      eachBatch: (payload) => this.eachBatch(payload),
    });
  }

  async stop(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.stopped.abort();
    await this.partitions.idle();
    if (this.consumer) {
      await this.consumer.disconnect();
      await this.log
        .deleteGroup(this.groupId)
        .catch((error: unknown) => this.log.warn(`reader group ${this.groupId} not deleted: ${String(error)}`));
    }
    this.onStopped(this);
  }

  async assign(partition: number, from: ReaderStart): Promise<void> {
    const position = await this.log.startOffset(this.options.topic, partition, from);
    await this.partitions.unassign(partition);
    this.partitions.assign(partition, position);
    if (this.consumer && this.joined) {
      const { topic } = this.options;
      this.consumer.seek({ topic, partition, offset: position.toString() });
      this.consumer.resume([{ topic, partitions: [partition] }]);
    }
  }

  async unassign(partition: number): Promise<void> {
    const pause = this.consumer && this.joined;
    if ((await this.partitions.unassign(partition)) && pause) {
      this.consumer?.pause([{ topic: this.options.topic, partitions: [partition] }]);
    }
  }

  assigned(): number[] {
    return this.partitions.assigned();
  }

  position(partition: number): string | undefined {
    return this.partitions.position(partition);
  }

  private follow(all: number[]): void {
    const consumer = this.consumer;
    if (!consumer) return;
    this.joined = true;
    const { topic } = this.options;
    const read = this.partitions.entries();
    const unread = all.filter((p) => !this.partitions.get(p));
    if (unread.length > 0) consumer.pause([{ topic, partitions: unread }]);
    for (const [partition, entry] of read) consumer.seek({ topic, partition, offset: entry.position.toString() });
    if (read.length > 0) consumer.resume([{ topic, partitions: read.map(([p]) => p) }]);
  }

  private async eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const { partition } = batch;
    const entry = this.partitions.get(partition);
    if (this.closing || !entry || isStale()) return;
    await this.partitions.run(partition, (abandoned) =>
      handOver(batch, this.options.maxBatchSize ?? 500, entry.position, {
        handler: this.options.handler,
        stillOwned: () => !this.closing && isRunning() && !isStale() && this.partitions.current(partition, entry),
        processed: (record) => {
          resolveOffset(record.offset);
          entry.position = BigInt(record.offset) + 1n;
        },
        heartbeat: () => heartbeat(),
        ...backoff(this.options, `reader of ${batch.topic}/${partition}`, (message) => this.log.warn(message)),
        sleep: (ms) => sleepUnless(AbortSignal.any([this.stopped.signal, abandoned]), ms),
      }),
    );
  }
}
