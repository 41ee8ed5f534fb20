import {
  ReaderPartitions,
  backoff,
  runBatch,
  sleepUnless,
  type MessageReader,
  type ReaderOptions,
  type ReaderStart,
} from '@regicam/messaging';
import { EventEmitter } from 'node:events';
import type { SqliteMessageLog } from './sqlite-message-log';

/**
 * A group-less reader of the SQLite log: one loop over the assigned
 * partitions, each fetched from its own position. After a fetch that
 * reached the partition's end, the position moves to that end, past any
 * records the sweep deleted.
 */
export class SqliteReader implements MessageReader {
  private running = false;
  private loop?: Promise<void>;
  private readonly wake = new EventEmitter();
  private readonly stopped = new AbortController();
  private readonly partitions = new ReaderPartitions();

  constructor(
    private readonly log: SqliteMessageLog,
    private readonly options: ReaderOptions,
    private readonly onStopped: (r: SqliteReader) => void,
  ) {}

  async start(): Promise<void> {
    this.log.partitionCount(this.options.topic);
    this.running = true;
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopped.abort();
    this.wake.emit('wake');
    await this.loop;
    this.loop = undefined;
    this.onStopped(this);
  }

  async assign(partition: number, from: ReaderStart): Promise<void> {
    const position = this.log.startOffset(this.options.topic, partition, from);
    await this.partitions.unassign(partition);
    this.partitions.assign(partition, BigInt(position));
    this.wake.emit('wake');
  }

  async unassign(partition: number): Promise<void> {
    await this.partitions.unassign(partition);
  }

  assigned(): number[] {
    return this.partitions.assigned();
  }

  position(partition: number): string | undefined {
    return this.partitions.position(partition);
  }

  private async run(): Promise<void> {
    const { topic, handler } = this.options;
    const limit = this.options.maxBatchSize ?? 500;
    while (this.running) {
      let handed = false;
      for (const [partition, entry] of this.partitions.entries()) {
        if (!this.running) break;
        if (!this.partitions.current(partition, entry)) continue;
        const { records, end } = this.log.fetch({ topic, partition }, Number(entry.position), limit);
        const atEnd = BigInt(end);
        if (records.length === 0) {
          if (atEnd > entry.position) entry.position = atEnd;
          continue;
        }
        handed = true;
        const current = () => this.running && this.partitions.current(partition, entry);
        const all = await this.partitions.run(partition, (abandoned) =>
          runBatch(topic, partition, records, {
            handler,
            stillOwned: current,
            processed: (record) => void (entry.position = BigInt(record.offset) + 1n),
            heartbeat: async () => undefined,
            ...backoff(this.options, `reader of ${topic}/${partition}`, (message) => this.log.warn(message)),
            sleep: (ms) => sleepUnless(AbortSignal.any([this.stopped.signal, abandoned]), ms),
          }),
        );
        // Every record up to the end was in this batch: what is missing before the end was deleted.
        if (all && records.length < limit && current() && atEnd > entry.position) entry.position = atEnd;
      }
      if (!handed && this.running) await this.log.waitForRecords(this.wake);
    }
  }
}
