import { decodeRecord, encodeRecord, TOPIC, type TransactionLinked } from '@regicam/contracts';
import {
  UnprocessableRecordError,
  offsetAfter,
  type MessageConsumer,
  type MessageReader,
  type RecordBatch,
  type TopicPartition,
} from '@regicam/messaging';
import type { PartReport } from '@regicam/roles';
import { CameraJoin, UNKNOWN_CAMERA, type CameraFacts, type JoinDecision } from './camera-join';
import { CommitPoint } from './commit-point';
import type { JoinSettings } from './join-settings';
import { readerLag } from './log-waits';
import { FROM_DECODED, type StageOptions, type StageState } from './stage';

/** The camera facts the join needs, from the camera directory; null for a camera it does not know. */
export type CameraInfo = (cameraId: string) => Promise<CameraFacts | null>;

export type CameraStageOptions = StageOptions & {
  cameraInfo: CameraInfo;
  settings: JoinSettings;
  /** How often waiting transactions are looked at again (default 250 ms). */
  tickMs?: number;
  /** Transactions waiting for the frames reader past which the consumer pauses (default 10 000). */
  maxWaiting?: number;
};

/** A transaction read, waiting for the frames reader to reach the frames' end as of its arrival. */
type Arrival = { gate: bigint; linked: TransactionLinked; offset: string; facts: CameraFacts };

/** What this member holds of one partition (of join.by-camera and, co-partitioned, of the frames). */
type PartitionState = {
  cameras: Map<string, CameraJoin>;
  commits: CommitPoint;
  arrivals: Arrival[];
  /** Decided, not yet acknowledged by the log. */
  outbox: JoinDecision[];
  /** A batch handler of this partition has returned since it was assigned: the consumer has processed something. */
  returned: boolean;
};

const SEND_CHUNK = 500;

/**
 * Stage 2 of the join: per camera, the picture of each linked transaction.
 * 1. `onAssigned(p)`: the frames reader reads partition p of the frames
 *    topic from `now - bufferWindow` (by record timestamp, the camera
 *    time), which rebuilds the buffers of its cameras after a restart or a
 *    rebalance; `onRevoked(p)`: it stops, and p's state is dropped (what
 *    was not committed goes to the next owner again).
 * 2. A transaction read is held for the commit rule at once, and given to
 *    its camera's `CameraJoin` once the frames reader has read its
 *    partition up to the frames' end offset as of the transaction's batch:
 *    what the camera gateway published before is always taken into
 *    account (after a restart, the rebuilt buffers).
 * 3. On every batch, every frames batch and every tick (250 ms), the due
 *    transactions are decided, their jobs sent to thumbnail-jobs (key:
 *    camera) and, once the log has acknowledged them, released; then each
 *    partition commits up to its oldest transaction whose job is not
 *    produced (`CommitPoint`).
 * 4. State is bounded: per camera by `CameraJoin`'s window and caps; the
 *    transactions waiting for the frames reader by `maxWaiting` (the
 *    consumer pauses past it).
 */
export class CameraStage {
  private readonly parts = new Map<number, PartitionState>();
  private frames?: MessageReader;
  private consumer?: MessageConsumer;
  private state: StageState = 'stopped';
  private ticker?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private again = false;
  private paused = false;
  private skippedFrames = 0;
  private produced = 0;
  private readonly unknownCameras = new Set<string>();

  constructor(private readonly options: CameraStageOptions) {}

  async start(): Promise<void> {
    const { log, topics, groupId, retryDelayMs, maxRetryDelayMs } = this.options;
    this.state = 'starting';
    this.frames = log.reader({
      topic: topics.cameraFrames,
      handler: (batch) => this.readFrames(batch),
      retryDelayMs,
      maxRetryDelayMs,
    });
    await this.frames.start();
    this.consumer = log.consumer({
      groupId,
      topics: [topics.joinByCamera],
      handler: (batch) => this.readTransactions(batch),
      commit: 'manual',
      onAssigned: (tps) => this.assigned(tps),
      onRevoked: (tps) => this.revoked(tps),
      retryDelayMs,
      maxRetryDelayMs,
    });
    await this.consumer.start();
    this.ticker = setInterval(() => this.kick(), this.options.tickMs ?? 250);
    this.ticker.unref();
    this.state = 'running';
  }

  /**
   * 1. No more ticks; the decision round in hand ends, and one last round
   *    sends what is due and commits it;
   * 2. the consumer leaves (its partitions are revoked: the frames reader
   *    lets them go); what still waits is delivered again to the next owner.
   */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopping';
    clearInterval(this.ticker);
    // No round starts once stopping; the one in hand ends, then the last one runs.
    await this.flushing;
    await this.round().catch((error: unknown) => this.warn(`the last round before stopping failed: ${String(error)}`));
    await this.consumer?.stop();
    await this.frames?.stop();
    this.parts.clear();
    this.state = 'stopped';
  }

  async report(): Promise<PartReport> {
    const { log, topics, groupId } = this.options;
    let pending = 0;
    let cameras = 0;
    let frames = 0;
    let waiting = 0;
    let unacknowledged = 0;
    for (const part of this.parts.values()) {
      cameras += part.cameras.size;
      waiting += part.arrivals.length;
      unacknowledged += part.outbox.length;
      for (const camera of part.cameras.values()) {
        pending += camera.sizes.pending;
        frames += camera.sizes.frames;
      }
    }
    const partitions = [...this.parts.keys()].sort((a, b) => a - b);
    return {
      part: 'join:camera',
      state: this.state,
      ready: this.state === 'running',
      details: {
        group: groupId,
        partitions,
        pending: pending + waiting + unacknowledged,
        waitingForFrames: waiting,
        unacknowledged,
        cameras,
        frames,
        framesBehind: await readerLag(log, topics.cameraFrames, this.frames, partitions),
        skippedFrames: this.skippedFrames,
        produced: this.produced,
        paused: this.paused,
      },
    };
  }

  private async assigned(tps: TopicPartition[]): Promise<void> {
    const from = this.options.now().getTime() - this.options.settings.bufferWindowMs;
    for (const { partition } of tps) {
      this.parts.set(partition, {
        cameras: new Map(),
        commits: new CommitPoint(),
        arrivals: [],
        outbox: [],
        returned: false,
      });
      await this.frames?.assign(partition, { timestamp: Math.max(0, from) });
    }
  }

  private async revoked(tps: TopicPartition[]): Promise<void> {
    for (const { partition } of tps) {
      this.parts.delete(partition);
      await this.frames?.unassign(partition);
    }
  }

  private async readFrames(batch: RecordBatch): Promise<void> {
    const part = this.parts.get(batch.partition);
    if (!part) return;
    for (const record of batch.records) {
      const decoded = decodeRecord(TOPIC.cameraFrames, record);
      if (decoded.ok) {
        this.camera(part, decoded.value.cameraId).observe(decoded.value);
      } else {
        this.skippedFrames++;
        this.warn(`skipped camera record ${record.topic}/${record.partition}@${record.offset}: ${decoded.reason}`);
      }
    }
    this.kick();
  }

  private async readTransactions(batch: RecordBatch): Promise<void> {
    const part = this.parts.get(batch.partition);
    if (!part) throw new Error(`join: partition ${batch.partition} of ${batch.topic} is not assigned here`);
    const { log, topics } = this.options;
    // Everything before this batch has been handed over and handled (and, once a batch has
    // returned, processed as the consumer counts it: a dead-lettered record included).
    if (part.returned) part.commits.handledBefore(batch.records[0].offset);
    const ends = await log.endOffsets(topics.cameraFrames);
    const gate = BigInt(ends.find((e) => e.partition === batch.partition)?.offset ?? '0');
    for (const record of batch.records) {
      const decoded = decodeRecord(TOPIC.joinByCamera, record);
      if (!decoded.ok) throw new UnprocessableRecordError(record, decoded.reason);
      const linked = decoded.value;
      const facts = await this.factsOf(linked.link.cameraId);
      part.commits.hold(record.offset);
      part.arrivals.push({ gate, linked, offset: record.offset, facts });
    }
    // The consumer marks the batch handled once this returns: take that in after it has.
    const after = offsetAfter(batch.records[batch.records.length - 1]);
    setImmediate(() => {
      part.returned = true;
      part.commits.handledBefore(after);
    });
    if (!this.paused && this.waiting() > (this.options.maxWaiting ?? 10_000)) {
      this.paused = true;
      this.consumer?.pause();
      this.warn(`${this.waiting()} transactions wait for the frames reader: consuming paused`);
    }
    this.kick();
  }

  private async factsOf(cameraId: string): Promise<CameraFacts> {
    const facts = await this.options.cameraInfo(cameraId);
    if (facts) return facts;
    if (!this.unknownCameras.has(cameraId)) {
      this.unknownCameras.add(cameraId);
      this.warn(`camera ${cameraId} is not in the camera directory: taken as a push camera on true time`);
    }
    return UNKNOWN_CAMERA;
  }

  /** Runs a decision round now, or right after the one in hand. */
  private kick(): void {
    if (this.state !== 'running') return;
    if (this.flushing) {
      this.again = true;
      return;
    }
    this.flushing = (async () => {
      do {
        this.again = false;
        await this.round().catch((error: unknown) => this.warn(`decision round failed: ${String(error)}`));
      } while (this.again && this.state === 'running');
    })().finally(() => (this.flushing = undefined));
  }

  /**
   * One decision round:
   * 1. the arrivals the frames reader has caught up with go to their cameras
   *    (a repeat is released at once);
   * 2. each camera decides what is due;
   * 3. the jobs are sent; once acknowledged, their records are released;
   * 4. each partition commits up to its oldest record still held.
   */
  private async round(): Promise<void> {
    const now = this.options.now().getTime();
    for (const [partition, part] of this.parts) {
      const position = this.frames?.position(partition);
      if (position !== undefined) this.admit(part, BigInt(position));
      for (const camera of part.cameras.values()) part.outbox.push(...camera.due(now));
    }
    this.resumeIfDrained();
    await this.sendOutboxes();
    await this.commit();
  }

  private admit(part: PartitionState, position: bigint): void {
    let n = 0;
    while (n < part.arrivals.length && part.arrivals[n].gate <= position) {
      const { linked, offset, facts } = part.arrivals[n++];
      if (this.camera(part, linked.link.cameraId).add(linked, offset, facts) === 'repeat') part.commits.release(offset);
    }
    if (n > 0) part.arrivals.splice(0, n);
  }

  private async sendOutboxes(): Promise<void> {
    const { log, topics } = this.options;
    for (const part of [...this.parts.values()]) {
      while (part.outbox.length > 0) {
        const chunk = part.outbox.slice(0, SEND_CHUNK);
        await log.send(
          topics.thumbnailJobs,
          chunk.map((d) => encodeRecord(TOPIC.thumbnailJobs, d.job, FROM_DECODED)),
        );
        part.outbox.splice(0, chunk.length);
        chunk.forEach((d) => part.commits.release(d.offset));
        this.produced += chunk.length;
      }
    }
  }

  private async commit(): Promise<void> {
    const consumer = this.consumer;
    if (!consumer) return;
    const topic = this.options.topics.joinByCamera;
    const moves = [...this.parts].flatMap(([partition, part]) => {
      const offset = part.commits.next();
      return offset === undefined ? [] : [{ partition, part, offset }];
    });
    if (moves.length === 0) return;
    try {
      await consumer.commit(moves.map(({ partition, offset }) => ({ topic, partition, offset })));
      moves.forEach(({ part, offset }) => part.commits.committedAt(offset));
    } catch (error) {
      // A partition moved away meanwhile, or the consumer is leaving: the next round commits what is left.
      this.warn(`commit not taken, retried next round: ${String(error)}`);
    }
  }

  private resumeIfDrained(): void {
    if (this.paused && this.waiting() < (this.options.maxWaiting ?? 10_000) / 2) {
      this.paused = false;
      this.consumer?.resume();
    }
  }

  private waiting(): number {
    let n = 0;
    for (const part of this.parts.values()) n += part.arrivals.length;
    return n;
  }

  private camera(part: PartitionState, cameraId: string): CameraJoin {
    let camera = part.cameras.get(cameraId);
    if (!camera) {
      camera = new CameraJoin(cameraId, this.options.settings);
      part.cameras.set(cameraId, camera);
    }
    return camera;
  }

  private warn(message: string): void {
    this.options.logger('warn', `join: ${message}`);
  }
}
