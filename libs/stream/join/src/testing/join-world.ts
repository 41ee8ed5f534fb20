import {
  decodeRecord,
  encodeRecord,
  topicConfigs,
  topicNames,
  TOPIC,
  type CameraFramesValue,
  type LinksValue,
  type NoPicture,
  type ThumbnailJob,
  type TopicNames,
  type TransactionReceivedRecord,
} from '@regicam/contracts';
import type { ConsumedRecord, MessageLog, MessageReader } from '@regicam/messaging';
import type { PartReport } from '@regicam/roles';
import type { CameraFacts } from '../lib/camera-join';
import { JoinRole, type JoinRoleOptions } from '../lib/join-role';
import { retryFor } from '../lib/log-waits';
import { ReaderGate } from './reader-gate';

/** How a suite reaches the message log under test. */
export type JoinHarness = {
  /** A client of the log under test; each call may open a new client of the same log. */
  open: () => MessageLog;
  unique: (prefix: string) => string;
  /** Removes what a run made on a shared broker: the topics and groups named with these prefixes. */
  cleanup?: (prefixes: string[]) => Promise<void>;
};

export const until = async (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

export const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A job or outcome without its creation time: repeats of one job id compare equal. */
export const withoutCreatedAt = <T extends { createdAt: string }>({ createdAt, ...rest }: T) => (void createdAt, rest);

/**
 * One run of the join against a real message log: topics of its own (a
 * unique prefix), a clock the test moves, the camera facts the test sets,
 * producers writing straight to the topics the join reads (as the relay
 * and the camera gateway do), and readers collecting what it writes.
 */
export class JoinWorld {
  readonly topics: TopicNames;
  /** The join's clock (ms); it moves only when the test says. A second, half an hour back. */
  clock = Math.floor((Date.now() - 30 * 60_000) / 1000) * 1000;
  readonly cameras = new Map<string, CameraFacts>();
  readonly jobs: ThumbnailJob[] = [];
  readonly noPictures: NoPicture[] = [];
  /** What the join instances logged. */
  readonly logs: string[] = [];
  private position = 0;
  private readonly readers: MessageReader[] = [];
  private readonly roles = new Set<JoinRole>();

  constructor(
    readonly log: MessageLog,
    readonly prefix: string,
    readonly partitions: number,
  ) {
    this.topics = topicNames(prefix);
  }

  /** The ISO time `ms` after the join's clock. */
  at(ms = 0): string {
    return new Date(this.clock + ms).toISOString();
  }

  advance(ms: number): void {
    this.clock += ms;
  }

  /** 1. The topics, as the composition creates them; 2. readers of what the join writes. */
  async setUp(): Promise<this> {
    await this.log.createTopics(
      topicConfigs({ partitions: this.partitions }).map((t) => ({
        name: `${this.prefix}${t.name}`,
        partitions: t.partitions,
        config: { retentionMs: t.retentionMs, cleanupPolicy: t.cleanupPolicy },
      })),
    );
    await this.collect(this.topics.thumbnailJobs, (r) => {
      const decoded = decodeRecord(TOPIC.thumbnailJobs, r);
      if (!decoded.ok) throw new Error(`the join wrote a bad job: ${decoded.reason}`);
      this.jobs.push(decoded.value);
    });
    await this.collect(this.topics.thumbnails, (r) => {
      const decoded = decodeRecord(TOPIC.thumbnails, r);
      if (!decoded.ok) throw new Error(`the join wrote a bad outcome: ${decoded.reason}`);
      if (decoded.value.type === 'NoPicture') this.noPictures.push(decoded.value);
    });
    return this;
  }

  /** A join instance on this world's topics and clock (started by `start`). */
  role(options: Partial<JoinRoleOptions> = {}): JoinRole {
    const role = new JoinRole({
      log: this.log,
      topics: this.topics,
      cameraInfo: async (cameraId) => this.cameras.get(cameraId) ?? null,
      now: () => new Date(this.clock),
      tickMs: 50,
      logger: (level, message) => this.logs.push(`${level}: ${message}`),
      retryDelayMs: 50,
      maxRetryDelayMs: 500,
      ...options,
    });
    this.roles.add(role);
    return role;
  }

  async start(options: Partial<JoinRoleOptions> = {}): Promise<JoinRole> {
    const role = this.role(options);
    await role.start();
    return role;
  }

  async stop(role: JoinRole): Promise<void> {
    await role.stop();
    this.roles.delete(role);
  }

  async link(...values: LinksValue[]): Promise<void> {
    await this.log.send(
      this.topics.links,
      values.map((v) => encodeRecord(TOPIC.links, v, { position: String(++this.position) })),
    );
  }

  async sale(...values: TransactionReceivedRecord[]): Promise<void> {
    await this.log.send(
      this.topics.transactions,
      values.map((v) => encodeRecord(TOPIC.transactions, v, { position: String(++this.position) })),
    );
  }

  async camera(...values: CameraFramesValue[]): Promise<void> {
    await this.log.send(
      this.topics.cameraFrames,
      values.map((v) => encodeRecord(TOPIC.cameraFrames, v)),
    );
  }

  jobsOf(transactionKey: string): ThumbnailJob[] {
    return this.jobs.filter((j) => j.transactionKey === transactionKey);
  }

  /** Waits for the job of each transaction and returns the first of each. */
  async jobFor(...transactionKeys: string[]): Promise<ThumbnailJob[]> {
    await until(`the jobs of ${transactionKeys.join(', ')}`, () =>
      transactionKeys.every((k) => this.jobsOf(k).length > 0),
    );
    return transactionKeys.map((k) => this.jobsOf(k)[0]);
  }

  /** The first `count` records of a one-partition topic (a dead-letter topic). */
  async read(topic: string, count: number): Promise<ConsumedRecord[]> {
    const records: ConsumedRecord[] = [];
    const reader = this.log.reader({ topic, handler: async (batch) => void records.push(...batch.records) });
    this.readers.push(reader);
    await reader.start();
    await retryFor(30_000, () => reader.assign(0, 'earliest'));
    await until(`${count} records of ${topic}`, () => records.length >= count);
    return records.slice(0, count);
  }

  /** A part of a role's report. */
  static async part(role: JoinRole, part: 'join:link' | 'join:camera'): Promise<PartReport> {
    const found = (await role.report()).find((p) => p.part === part);
    if (!found) throw new Error(`no ${part} in the report`);
    return found;
  }

  async tearDown(): Promise<void> {
    if (process.env['JOIN_TEST_LOGS']) process.stderr.write(`${this.prefix}\n${this.logs.join('\n')}\n`);
    for (const role of this.roles) await role.stop();
    for (const reader of this.readers) await reader.stop();
  }

  private async collect(topic: string, take: (record: ConsumedRecord) => void) {
    const reader = this.log.reader({ topic, handler: async (batch) => batch.records.forEach(take) });
    this.readers.push(reader);
    await reader.start();
    for (let p = 0; p < this.partitions; p++) await retryFor(30_000, () => reader.assign(p, 'earliest'));
  }
}

/**
 * The log with the link table's reader held back until `release()`: its
 * batches wait before they are handled, as a lagging reader's would.
 */
export function holdLinksReader(log: MessageLog, linksTopic: string): { log: MessageLog; release: () => void } {
  const gate = new ReaderGate(log, linksTopic);
  gate.close();
  return { log: gate.log, release: () => gate.open() };
}
