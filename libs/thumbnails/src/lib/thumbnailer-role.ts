import type { BlobStore } from '@regicam/blob-store';
import {
  TOPIC,
  decodeRecord,
  encodeRecord,
  type ThumbnailJob,
  type ThumbnailsValue,
  type TopicNames,
} from '@regicam/contracts';
import {
  UnprocessableRecordError,
  offsetAfter,
  sleepUnless,
  type MessageConsumer,
  type MessageLog,
  type RecordBatch,
  type TopicPartition,
} from '@regicam/messaging';
import type { PartReport, Role, RoleLog } from '@regicam/roles';
import { availableParallelism } from 'node:os';
import { PartitionProgress } from './partition-progress';
import { DEFAULT_PICTURE_LIMITS, configureSharp, type PictureLimits } from './picture/make-thumbnails';
import { processJob } from './process-job';
import {
  DEFAULT_RECORDING_RETRY,
  JobAbandoned,
  type CameraSourceLookup,
  type RecordingRetry,
} from './recorded-picture';
import { WorkSlots } from './work-slots';

const DAY_MS = 86_400_000;

export type ThumbnailerSettings = {
  /** The consumer group (default `regicam-thumbnailer`; the composition prefixes it: `thumbnailerGroupId`). */
  groupId: string;
  /**
   * Pictures in sharp at once (the CPU bound): default four per core of the
   * machine, since each picture's work is steps one after the other (header,
   * decode and cut, two encodes) on one libvips thread, and between two
   * steps it waits for the event loop (docs/thumbnails.md has the figures).
   */
  concurrency: number;
  /**
   * Jobs fetching their picture or storing their thumbnails at once (the
   * I/O bound, and with it the pictures held in memory): default twice
   * `concurrency`, so that the CPU is not idle while pictures are read and
   * written.
   */
  ioConcurrency: number;
  /** Jobs in hand (running, waiting for a recording or a slot) before fetching pauses (default 64); one fetch may pass it. */
  maxPending: number;
  /** How long thumbnails are kept (default 400 days), whatever the camera keeps of its video. */
  retentionMs: number;
  /** How long a recorded picture is asked for again (default: over 2 minutes, pauses 2 s doubling to 15 s). */
  recordingRetry: RecordingRetry;
  /** How often expired blobs (frames and thumbnails) are deleted (default 10 minutes). */
  sweepIntervalMs: number;
  /** How long `stop()` lets jobs at work finish before giving them up (default 15 s). */
  stopGraceMs: number;
  /** How long a finished job waits to be committed together with the next ones (default 500 ms). */
  commitIntervalMs: number;
  /** Pauses after a failure of our own stores (the blob store, the log), doubled up to the maximum (1 s, 30 s). */
  retryDelayMs: number;
  maxRetryDelayMs: number;
  limits: PictureLimits;
  /** Records handed over in one batch (default 50). */
  maxBatchSize: number;
};

export const DEFAULT_THUMBNAILER_SETTINGS: ThumbnailerSettings = {
  groupId: 'regicam-thumbnailer',
  concurrency: 4 * availableParallelism(),
  ioConcurrency: 8 * availableParallelism(),
  maxPending: 64,
  retentionMs: 400 * DAY_MS,
  recordingRetry: DEFAULT_RECORDING_RETRY,
  sweepIntervalMs: 10 * 60_000,
  stopGraceMs: 15_000,
  commitIntervalMs: 500,
  retryDelayMs: 1_000,
  maxRetryDelayMs: 30_000,
  limits: DEFAULT_PICTURE_LIMITS,
  maxBatchSize: 50,
};

/**
 * The thumbnailer's consumer group, named after the installation's topic
 * prefix (as the join's groups are): installations sharing a Kafka cluster
 * never share a group.
 */
export function thumbnailerGroupId(topics: Pick<TopicNames, 'thumbnailJobs'>): string {
  const prefix = topics.thumbnailJobs.slice(0, topics.thumbnailJobs.length - TOPIC.thumbnailJobs.length);
  return `${prefix}${DEFAULT_THUMBNAILER_SETTINGS.groupId}`;
}

export type ThumbnailerDeps = {
  messageLog: MessageLog;
  /** The broker's names of the jobs and thumbnails topics. */
  topics: Pick<TopicNames, 'thumbnailJobs' | 'thumbnails'>;
  blobStore: BlobStore;
  cameraSource: CameraSourceLookup;
  now?: () => Date;
  log?: RoleLog;
  /** Run first by `start()`: what the composition must have in place (the topics). */
  prepare?: () => Promise<void>;
};

type JobState = 'queued' | 'working' | 'waiting' | 'retrying';
type Partition = { progress?: PartitionProgress; lost: AbortController; deadLettered: Set<string> };
type RunningJob = { state: JobState; partition: number; offset: string };

/** The most expired blobs one sweep deletes (pages of 1000); the next sweep goes on. */
const SWEEP_PAGES = 10;
const SWEEP_PAGE = 1000;

/**
 * The `thumbnailer` role: makes the thumbnail of every job of
 * `regicam.thumbnail-jobs.v1` and writes the outcome to
 * `regicam.thumbnails.v1` (key: the transaction key).
 * 1. One member of group `regicam-thumbnailer`, manual commits. Every record
 *    is decoded (`decodeRecord`); one that does not fit the contract goes to
 *    the dead-letter topic with the reason and the partition moves on.
 * 2. Jobs run concurrently: at most `ioConcurrency` at work (a work slot
 *    each: fetch, sharp, store), and of those at most `concurrency` in
 *    sharp at once (a picture slot: the CPU bound); the others wait for a
 *    slot or, between attempts at a recording, hold none. With `maxPending`
 *    jobs in hand fetching pauses until one finishes.
 * 3. A job is finished once its outcome is acknowledged by the log. Each
 *    partition commits the run of finished jobs from its oldest unfinished
 *    one (`PartitionProgress`), so a job waiting for a recording holds the
 *    others back neither from running nor from their results, only their
 *    commit; a crash redoes them, idempotently (`storeThumbnails`).
 * 4. Failures of our own stores pass: the job is tried again, with a
 *    doubling pause, for as long as the partition is ours.
 * 5. Every `sweepIntervalMs` expired blobs (frames and thumbnails) are
 *    deleted (`blobStore.deleteExpired`).
 * `stop()`: jobs at work finish (for `stopGraceMs` at most) and are
 * committed; jobs waiting (for a recording, a slot, a retry) are given up
 * uncommitted, so the next owner of their partition does them. A lost
 * partition gives its jobs up the same way.
 */
export class ThumbnailerRole implements Role {
  readonly name = 'thumbnailer' as const;
  private readonly settings: ThumbnailerSettings;
  private readonly slots: WorkSlots;
  private readonly pictureSlots: WorkSlots;
  private consumer?: MessageConsumer;
  private state: 'stopped' | 'starting' | 'running' | 'stopping' = 'stopped';
  private readonly partitions = new Map<number, Partition>();
  private readonly jobs = new Set<RunningJob>();
  private idle: (() => void)[] = [];
  private paused = false;
  /** Aborted by stop: every wait ends. */
  private waits = new AbortController();
  /** Aborted when stop's grace is over: jobs at work are given up too. */
  private given = new AbortController();
  private commitTimer?: NodeJS.Timeout;
  private committing: Promise<void> = Promise.resolve();
  private sweepTimer?: NodeJS.Timeout;
  private sweeping?: Promise<number>;
  private readonly counts = {
    ready: 0,
    failed: {} as Record<string, number>,
    noPicture: {} as Record<string, number>,
    deadLettered: 0,
    retries: 0,
  };
  private readonly sweeps = {
    lastRunAt: null as string | null,
    lastDeleted: 0,
    deleted: 0,
    lastError: null as string | null,
  };

  constructor(
    private readonly deps: ThumbnailerDeps,
    settings: Partial<ThumbnailerSettings> = {},
  ) {
    const concurrency = settings.concurrency ?? DEFAULT_THUMBNAILER_SETTINGS.concurrency;
    this.settings = { ...DEFAULT_THUMBNAILER_SETTINGS, ioConcurrency: 2 * concurrency, ...settings };
    this.slots = new WorkSlots(this.settings.ioConcurrency);
    this.pictureSlots = new WorkSlots(this.settings.concurrency);
  }

  async start(): Promise<void> {
    if (this.state !== 'stopped') return;
    this.state = 'starting';
    try {
      configureSharp();
      await this.deps.prepare?.();
      this.waits = new AbortController();
      this.given = new AbortController();
      const { groupId, maxBatchSize } = this.settings;
      this.consumer = this.deps.messageLog.consumer({
        groupId,
        topics: [this.deps.topics.thumbnailJobs],
        handler: (batch) => this.handle(batch),
        commit: 'manual',
        maxBatchSize,
        onAssigned: (partitions) => this.assigned(partitions),
        onRevoked: (partitions) => this.revoked(partitions),
      });
      await this.consumer.start();
    } catch (error) {
      this.consumer = undefined;
      this.state = 'stopped';
      throw error;
    }
    this.state = 'running';
    this.sweepTimer = setInterval(() => void this.sweepExpired(), this.settings.sweepIntervalMs);
    this.sweepTimer.unref();
    void this.sweepExpired();
  }

  async stop(): Promise<void> {
    if (this.state !== 'running' && this.state !== 'starting') return;
    this.state = 'stopping';
    clearInterval(this.sweepTimer);
    this.consumer?.pause();
    // 1. Every wait ends: jobs waiting for a recording, a slot or a retry are given up, uncommitted.
    this.waits.abort();
    // 2. Jobs at work finish and send their outcome, for the grace period at most.
    const grace = new AbortController();
    await Promise.race([this.untilIdle(), sleepUnless(grace.signal, this.settings.stopGraceMs)]);
    grace.abort();
    if (this.jobs.size > 0) this.log('warn', `${this.jobs.size} jobs still at work after the grace period: given up`);
    this.given.abort();
    // 3. What finished is committed, while still a member.
    clearTimeout(this.commitTimer);
    this.commitTimer = undefined;
    await this.flushCommits();
    // 4. Leave the group; the next owner gets what was not committed.
    await this.consumer?.stop();
    this.consumer = undefined;
    await this.sweeping;
    this.partitions.clear();
    this.paused = false;
    this.state = 'stopped';
  }

  async report(): Promise<PartReport[]> {
    const byState = (state: JobState) => [...this.jobs].filter((j) => j.state === state).length;
    const partitions = Object.fromEntries(
      [...this.partitions].map(([p, s]) => [
        p,
        { committed: s.progress?.committedOffset ?? null, unfinished: s.progress?.unfinishedCount ?? 0 },
      ]),
    );
    return [
      {
        part: 'thumbnailer',
        state: this.state,
        ready: this.state === 'running',
        details: {
          groupId: this.settings.groupId,
          concurrency: this.settings.concurrency,
          ioConcurrency: this.settings.ioConcurrency,
          inFlight: this.jobs.size,
          working: byState('working'),
          queued: byState('queued'),
          waitingForRecording: byState('waiting'),
          retrying: byState('retrying'),
          paused: this.paused,
          partitions,
          made: this.counts.ready,
          failures: { ...this.counts.failed },
          noPicture: { ...this.counts.noPicture },
          deadLettered: this.counts.deadLettered,
          retries: this.counts.retries,
        },
      },
      {
        part: 'thumbnailer:blob-sweep',
        state: this.sweeps.lastError ? 'failing' : this.state === 'running' ? 'running' : 'stopped',
        ready: true,
        details: { intervalMs: this.settings.sweepIntervalMs, ...this.sweeps },
      },
    ];
  }

  /**
   * Deletes the blobs expired by now (frames and thumbnails), at most
   * `SWEEP_PAGES` pages of them; returns how many. One sweep at a time.
   */
  sweepExpired(): Promise<number> {
    this.sweeping ??= (async () => {
      const now = this.now();
      let deleted = 0;
      try {
        for (let page = 0; page < SWEEP_PAGES; page++) {
          const n = await this.deps.blobStore.deleteExpired(now, { limit: SWEEP_PAGE });
          deleted += n;
          if (n < SWEEP_PAGE) break;
        }
        this.sweeps.lastError = null;
      } catch (error) {
        this.sweeps.lastError = String(error);
        this.log('warn', `deleting expired blobs failed: ${String(error)}`);
      }
      Object.assign(this.sweeps, { lastRunAt: now.toISOString(), lastDeleted: deleted });
      this.sweeps.deleted += deleted;
      return deleted;
    })().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  // ---- the consumer ----

  private async handle(batch: RecordBatch): Promise<void> {
    // Stopping: nothing new begins; what is not begun is not committed, and goes to the next owner.
    if (this.state === 'stopping' || this.state === 'stopped') return;
    const partition = this.partition(batch.partition);
    const first = batch.records[0];
    partition.progress ??= new PartitionProgress(first.offset);
    const progress = partition.progress;
    // Everything before the first record handed over now was processed (or dead-lettered) by the consumer.
    progress.handedOver(first.offset);
    for (const record of batch.records) {
      if (progress.seen(record.offset)) continue;
      const decoded = decodeRecord(TOPIC.thumbnailJobs, record);
      if (!decoded.ok) {
        if (!partition.deadLettered.has(record.offset)) this.counts.deadLettered++;
        partition.deadLettered.add(record.offset);
        throw new UnprocessableRecordError(record, decoded.reason);
      }
      progress.begin(record.offset);
      this.begin(decoded.value, batch.partition, record.offset, partition);
    }
    partition.deadLettered.clear();
    progress.handedOver(offsetAfter(batch.records[batch.records.length - 1]));
    this.scheduleCommit();
    if (this.jobs.size >= this.settings.maxPending && !this.paused) {
      this.paused = true;
      this.consumer?.pause();
    }
  }

  private partition(p: number): Partition {
    let partition = this.partitions.get(p);
    if (!partition) {
      partition = { lost: new AbortController(), deadLettered: new Set() };
      this.partitions.set(p, partition);
    }
    return partition;
  }

  private assigned(partitions: TopicPartition[]): void {
    for (const { partition } of partitions) this.partition(partition);
  }

  /** Lost partitions: their jobs are given up, their progress dropped (their next owner redoes what was not committed). */
  private revoked(partitions: TopicPartition[]): void {
    for (const { partition } of partitions) {
      this.partitions.get(partition)?.lost.abort();
      this.partitions.delete(partition);
    }
  }

  // ---- the jobs ----

  private begin(job: ThumbnailJob, p: number, offset: string, partition: Partition): void {
    const running: RunningJob = { state: 'queued', partition: p, offset };
    this.jobs.add(running);
    const given = AbortSignal.any([partition.lost.signal, this.given.signal]);
    const waits = AbortSignal.any([given, this.waits.signal]);
    void this.run(job, running, given, waits).then((finished) => {
      this.jobs.delete(running);
      if (finished && this.partitions.get(p) === partition) {
        partition.progress?.finish(offset);
        this.scheduleCommit();
      }
      if (this.paused && this.state === 'running' && this.jobs.size < this.settings.maxPending) {
        this.paused = false;
        this.consumer?.resume();
      }
      if (this.jobs.size === 0) this.idle.splice(0).forEach((resolve) => resolve());
    });
  }

  /**
   * One job to its end: true once its outcome is acknowledged, false when
   * it was given up (never rejects).
   * 1. The outcome (`processJob`), tried again after a failure of our stores.
   * 2. The outcome sent to the thumbnails topic, tried again until acknowledged.
   */
  private async run(job: ThumbnailJob, running: RunningJob, given: AbortSignal, waits: AbortSignal): Promise<boolean> {
    const context = {
      blobStore: this.deps.blobStore,
      cameraSource: this.deps.cameraSource,
      now: () => this.now(),
      retentionMs: this.settings.retentionMs,
      recordingRetry: this.settings.recordingRetry,
      limits: this.settings.limits,
      inSlot: <R>(work: () => Promise<R>) =>
        this.slots.run(async () => {
          running.state = 'working';
          try {
            return await work();
          } finally {
            running.state = 'queued';
          }
        }, waits),
      inPictureSlot: <R>(work: () => Promise<R>) => this.pictureSlots.run(work, waits),
      sleep: (ms: number) => sleepUnless(waits, ms),
      abandoned: () => waits.aborted,
      waiting: (waiting: boolean) => (running.state = waiting ? 'waiting' : 'queued'),
    };
    const outcome = await this.untilDone(running, waits, `job ${job.jobId}`, () => processJob(job, context));
    if (outcome === undefined || given.aborted) return false;
    const record = encodeRecord(TOPIC.thumbnails, outcome);
    running.state = 'working';
    const sent = await this.untilDone(running, given, `the outcome of job ${job.jobId}`, async () => {
      await this.deps.messageLog.send(this.deps.topics.thumbnails, [
        { key: record.key, value: record.value, headers: record.headers },
      ]);
      return true;
    });
    if (!sent) return false;
    this.counted(outcome);
    return true;
  }

  /** `attempt` until it succeeds, pausing (doubling) after each failure; undefined once the signal gives the job up. */
  private async untilDone<T>(
    running: RunningJob,
    signal: AbortSignal,
    what: string,
    attempt: () => Promise<T>,
  ): Promise<T | undefined> {
    for (let failures = 0; !signal.aborted; failures++) {
      try {
        return await attempt();
      } catch (error) {
        if (error instanceof JobAbandoned || signal.aborted) return undefined;
        const pause = Math.min(this.settings.maxRetryDelayMs, this.settings.retryDelayMs * 2 ** failures);
        this.counts.retries++;
        this.log('warn', `${what} failed (attempt ${failures + 1}), trying again in ${pause} ms: ${String(error)}`);
        running.state = 'retrying';
        await sleepUnless(signal, pause);
      }
    }
    return undefined;
  }

  private counted(outcome: ThumbnailsValue): void {
    const add = (into: Record<string, number>, key: string) => (into[key] = (into[key] ?? 0) + 1);
    if (outcome.type === 'ThumbnailReady') this.counts.ready++;
    else if (outcome.type === 'NoPicture') add(this.counts.noPicture, outcome.reason);
    else {
      add(this.counts.failed, outcome.reason);
      this.log('warn', `no thumbnail for ${outcome.transactionKey} (${outcome.reason}): ${outcome.detail}`);
    }
  }

  private untilIdle(): Promise<void> {
    return this.jobs.size === 0 ? Promise.resolve() : new Promise((resolve) => this.idle.push(resolve));
  }

  // ---- commits ----

  private scheduleCommit(): void {
    if (this.commitTimer || (this.state !== 'running' && this.state !== 'starting')) return;
    this.commitTimer = setTimeout(() => {
      this.commitTimer = undefined;
      void this.flushCommits();
    }, this.settings.commitIntervalMs);
  }

  /** Commits each partition's finished run, one commit at a time; a refused commit is tried at the next one. */
  private flushCommits(): Promise<void> {
    this.committing = this.committing.then(() => this.commitNow());
    return this.committing;
  }

  private async commitNow(): Promise<void> {
    const consumer = this.consumer;
    if (!consumer) return;
    const topic = this.deps.topics.thumbnailJobs;
    const wanted = [...this.partitions].flatMap(([partition, s]) => {
      const offset = s.progress?.committable();
      return offset && s.progress ? [{ topic, partition, offset, progress: s.progress }] : [];
    });
    if (wanted.length === 0) return;
    const commit = async (some: typeof wanted) => {
      await consumer.commit(some.map(({ partition, offset }) => ({ topic, partition, offset })));
      some.forEach((w) => w.progress.committed(w.offset));
    };
    try {
      await commit(wanted);
    } catch {
      // One partition lost since (a rebalance) refuses the whole commit: commit the others one by one.
      for (const one of wanted) {
        await commit([one]).catch((error: unknown) =>
          this.log('warn', `commit of ${topic}/${one.partition} at ${one.offset} failed: ${String(error)}`),
        );
      }
    }
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private log(level: 'info' | 'warn' | 'error', message: string): void {
    this.deps.log?.(level, message);
  }
}
