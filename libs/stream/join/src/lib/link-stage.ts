import { decodeRecord, encodeRecord, TOPIC } from '@regicam/contracts';
import {
  UnprocessableRecordError,
  type MessageConsumer,
  type MessageReader,
  type RecordBatch,
  type TopicPartition,
} from '@regicam/messaging';
import type { PartReport } from '@regicam/roles';
import { joinTransaction, type LinkJoinResult } from './link-join';
import { LinkTable } from './link-table';
import { readerLag, recordsBehind, retryFor, sleep } from './log-waits';
import { FROM_DECODED, type StageOptions, type StageState } from './stage';

export type LinkStageOptions = StageOptions & {
  /** How long a batch waits for the link table to reach the links topic's end before it is retried (default 5 s). */
  linksWaitMs?: number;
};

/**
 * Stage 1 of the join: every transaction meets the link of its terminal in
 * force at its time.
 * 1. The link table reads every partition of the links topic from the
 *    earliest record, in every instance (a global table); a record that
 *    does not fit its contract is skipped, counted and logged.
 * 2. Before a batch of transactions is joined, the end offsets of the
 *    links topic are read and the batch waits until the table has read up
 *    to them: a link relayed before a transaction is always in the table
 *    when the transaction is joined, however far the reader lagged.
 * 3. Each transaction is decoded (one that does not fit goes to the dead
 *    letters) and joined: linked ones go to join.by-camera (key: camera),
 *    not linked ones to thumbnails as NoPicture `not_linked` (key:
 *    transaction). Both sends are acknowledged before the handler returns,
 *    so the batch is committed only once its results are durable.
 */
export class LinkStage {
  private readonly table = new LinkTable();
  private reader?: MessageReader;
  private consumer?: MessageConsumer;
  private readonly held = new Set<number>();
  private state: StageState = 'stopped';
  private skippedLinks = 0;
  private inHand = 0;
  private joined = { linked: 0, notLinked: 0 };

  constructor(private readonly options: LinkStageOptions) {}

  async start(): Promise<void> {
    const { log, topics, groupId, retryDelayMs, maxRetryDelayMs } = this.options;
    this.state = 'starting';
    // 1. The link table: every partition, from the earliest record.
    const reader = log.reader({
      topic: topics.links,
      handler: (batch) => this.readLinks(batch),
      retryDelayMs,
      maxRetryDelayMs,
    });
    this.reader = reader;
    await reader.start();
    const [links] = await log.describeTopics([topics.links]);
    const partitions = links.exists ? links.partitions : 0;
    // A topic created a moment ago may not have its partition leaders yet.
    for (let p = 0; p < partitions; p++) await retryFor(30_000, () => reader.assign(p, 'earliest'));
    // 2. The transactions, shared by the group; committed after each handled batch.
    this.consumer = log.consumer({
      groupId,
      topics: [topics.transactions],
      handler: (batch) => this.joinBatch(batch),
      commit: 'after-handler',
      onAssigned: (tps) => this.follow(tps, true),
      onRevoked: (tps) => this.follow(tps, false),
      retryDelayMs,
      maxRetryDelayMs,
    });
    await this.consumer.start();
    this.state = 'running';
  }

  /** The consumer ends its batch in hand and commits it, then the table stops reading. */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopping';
    await this.consumer?.stop();
    await this.reader?.stop();
    this.state = 'stopped';
  }

  async report(): Promise<PartReport> {
    const { log, topics, groupId } = this.options;
    return {
      part: 'join:link',
      state: this.state,
      ready: this.state === 'running',
      details: {
        group: groupId,
        partitions: [...this.held].sort((a, b) => a - b),
        inHand: this.inHand,
        linksBehind: await readerLag(log, topics.links, this.reader),
        links: this.table.size,
        skippedLinks: this.skippedLinks,
        linked: this.joined.linked,
        notLinked: this.joined.notLinked,
      },
    };
  }

  private follow(tps: TopicPartition[], gained: boolean): void {
    for (const { partition } of tps) {
      if (gained) this.held.add(partition);
      else this.held.delete(partition);
    }
  }

  private async readLinks(batch: RecordBatch): Promise<void> {
    for (const record of batch.records) {
      const decoded = decodeRecord(TOPIC.links, record);
      if (decoded.ok) {
        this.table.apply(decoded.value);
      } else {
        this.skippedLinks++;
        this.options.logger(
          'warn',
          `join: skipped link record ${record.topic}/${record.partition}@${record.offset}: ${decoded.reason}`,
        );
      }
    }
  }

  private async joinBatch(batch: RecordBatch): Promise<void> {
    this.inHand = batch.records.length;
    try {
      // 1. The link table has read the links topic up to its end as of now.
      await this.linksUpToDate();
      // 2. Join each transaction; one that does not fit ends the run (what came before it is sent first).
      const results: LinkJoinResult[] = [];
      for (const record of batch.records) {
        const decoded = decodeRecord(TOPIC.transactions, record);
        if (!decoded.ok) {
          await this.send(results);
          throw new UnprocessableRecordError(record, decoded.reason);
        }
        results.push(joinTransaction(decoded.value, this.table, this.options.now()));
      }
      // 3. Sent and acknowledged before the batch commits.
      await this.send(results);
    } finally {
      this.inHand = 0;
    }
  }

  private async send(results: LinkJoinResult[]): Promise<void> {
    const { log, topics } = this.options;
    const linked = results.flatMap((r) =>
      r.kind === 'linked' ? [encodeRecord(TOPIC.joinByCamera, r.value, FROM_DECODED)] : [],
    );
    const notLinked = results.flatMap((r) =>
      r.kind === 'not_linked' ? [encodeRecord(TOPIC.thumbnails, r.value, FROM_DECODED)] : [],
    );
    if (linked.length > 0) await log.send(topics.joinByCamera, linked);
    if (notLinked.length > 0) await log.send(topics.thumbnails, notLinked);
    this.joined.linked += linked.length;
    this.joined.notLinked += notLinked.length;
  }

  /** Waits until the table has read every partition of the links topic up to its end offset as of now. */
  private async linksUpToDate(): Promise<void> {
    const { log, topics } = this.options;
    const reader = this.reader;
    if (!reader) throw new Error('join: the link table is not reading');
    const ends = await log.endOffsets(topics.links);
    const deadline = Date.now() + (this.options.linksWaitMs ?? 5000);
    for (;;) {
      const behind = recordsBehind(ends, reader);
      if (behind === 0n) return;
      if (this.state === 'stopping') throw new Error('join: stopping while the link table catches up');
      if (Date.now() >= deadline) {
        throw new Error(`join: the link table is ${behind} records behind ${topics.links}; the batch waits for it`);
      }
      await sleep(20);
    }
  }
}
