import type { CameraFramesValue, JobPicture, ThumbnailJob, TransactionLinked } from '@regicam/contracts';
import type { JoinSettings } from './join-settings';

/** What the join needs to know of a camera (from the camera directory). */
export type CameraFacts = {
  /** How far the camera's clock runs ahead (ms): the target time is posAt + this. */
  clockOffsetMs: number;
  /** A recording camera (Safie, the simulator): its picture at any time is fetched from its recording. */
  recording: boolean;
};

/** The facts of a camera the directory says nothing about: a push camera on true time. */
export const UNKNOWN_CAMERA: CameraFacts = { clockOffsetMs: 0, recording: false };

/** A decided transaction: its job, and the offset of the join.by-camera record it came from. */
export type JoinDecision = { offset: string; job: ThumbnailJob };

export type CameraJoinSettings = Pick<
  JoinSettings,
  'toleranceMs' | 'graceMs' | 'bufferWindowMs' | 'maxFramesPerCamera' | 'maxPendingPerCamera'
> & {
  /** The most recorded segments and connection events kept (default 1000 each). */
  maxSegments?: number;
  maxConnectionEvents?: number;
  /** How many decided transaction keys are remembered, so that a repeat gets no second job (default 1000). */
  maxRemembered?: number;
};

type Frame = { at: number; blobId: string; width: number; height: number };
type Segment = { from: number; to: number };
type ConnectionEvent = { at: number; connected: boolean };
type Pending = { linked: TransactionLinked; offset: string; target: number; seenAt: number; facts: CameraFacts };

export type CameraJoinSizes = { pending: number; frames: number; segments: number; connectionEvents: number };

/**
 * The camera stage's state of one camera, and its rules. Pure: records
 * and the time come in as arguments; nothing here reads a clock.
 *
 * It holds the camera's frames (by capturedAt), its recorded segments,
 * its connect / disconnect timeline and its watermark (the newest camera
 * time seen in any of them), all trimmed to the buffer window behind the
 * newest of the watermark and the camera's now; and the transactions
 * waiting for a picture, each with its target time T = posAt +
 * clockOffsetMs (on the camera's clock) and the offset of its record.
 *
 * `due(now)` decides, for each waiting transaction, in this order:
 * 1. a frame within ± tolerance of T, once the watermark has passed
 *    T + tolerance: the nearest one;
 * 2. a recorded segment covering T: `recording at T`;
 * 3. a recording camera whose now (now + clock offset) has passed
 *    T + tolerance: dark at T (the last connection event at or before T is
 *    a disconnect) gives `camera_dark`, a known gap at T (segments known
 *    on both sides, none covering T) `not_recorded`, otherwise
 *    `recording at T` at once (no events known counts as connected; the
 *    media listing comes a minute or more later). A transaction hours late
 *    gets this at once;
 * 4. once the grace (after seenAt) has run out, or the camera holds more
 *    waiting transactions than allowed (the oldest first): the nearest
 *    frame within tolerance, else for a recording camera as in 3, else
 *    `camera_dark` when dark at T, else `no_frame`.
 * Nothing waits past its grace, so nothing is pending forever.
 */
export class CameraJoin {
  private frames: Frame[] = [];
  private segments: Segment[] = [];
  private connections: ConnectionEvent[] = [];
  private watermark = Number.NEGATIVE_INFINITY;
  private facts: CameraFacts = UNKNOWN_CAMERA;
  /** In arrival order: the first entries are the oldest. */
  private readonly pending = new Map<string, Pending>();
  /** Decided transaction keys, oldest first. */
  private readonly decided = new Set<string>();

  constructor(
    readonly cameraId: string,
    private readonly settings: CameraJoinSettings,
  ) {}

  /** Takes in a record of the frames topic. A record seen twice changes nothing. */
  observe(record: CameraFramesValue): void {
    switch (record.type) {
      case 'FrameCaptured': {
        const frame = {
          at: Date.parse(record.capturedAt),
          blobId: record.blobId,
          width: record.width,
          height: record.height,
        };
        insertSorted(
          this.frames,
          frame,
          (f) => f.at,
          (f) => f.blobId === frame.blobId,
        );
        this.advance(frame.at);
        break;
      }
      case 'RecordingAvailable': {
        const segment = { from: Date.parse(record.from), to: Date.parse(record.to) };
        insertSorted(
          this.segments,
          segment,
          (s) => s.from,
          (s) => s.to === segment.to,
        );
        this.advance(segment.to);
        break;
      }
      case 'CameraConnected':
      case 'CameraDisconnected': {
        const event = { at: Date.parse(record.at), connected: record.type === 'CameraConnected' };
        insertSorted(
          this.connections,
          event,
          (e) => e.at,
          (e) => e.connected === event.connected,
        );
        this.advance(event.at);
        break;
      }
      default: {
        const unknown: never = record;
        throw new Error(`unknown camera record ${JSON.stringify(unknown)}`);
      }
    }
    this.trim(this.watermark);
  }

  /**
   * A transaction to find the picture of, with the offset of its record
   * and the camera's facts as they are now. `repeat`: it is waiting
   * already or was decided lately, and gets no second job.
   */
  add(linked: TransactionLinked, offset: string, facts: CameraFacts): 'pending' | 'repeat' {
    const key = linked.transaction.transactionKey;
    if (this.pending.has(key) || this.decided.has(key)) return 'repeat';
    const clockOffsetMs = Math.round(facts.clockOffsetMs);
    this.facts = { clockOffsetMs, recording: facts.recording };
    this.pending.set(key, {
      linked,
      offset,
      target: Date.parse(linked.transaction.occurredAt) + clockOffsetMs,
      seenAt: Date.parse(linked.seenAt),
      facts: this.facts,
    });
    return 'pending';
  }

  /** Decides every waiting transaction whose picture is known by `now` (ms), and takes them out. */
  due(now: number): JoinDecision[] {
    this.trim(now + this.facts.clockOffsetMs);
    const overflow = this.pending.size - this.settings.maxPendingPerCamera;
    const decisions: JoinDecision[] = [];
    let index = 0;
    for (const [key, p] of this.pending) {
      const picture = this.pictureFor(p, now, index++ < overflow);
      if (!picture) continue;
      this.pending.delete(key);
      this.remember(key);
      decisions.push({ offset: p.offset, job: jobOf(p, picture, now) });
    }
    return decisions;
  }

  get sizes(): CameraJoinSizes {
    return {
      pending: this.pending.size,
      frames: this.frames.length,
      segments: this.segments.length,
      connectionEvents: this.connections.length,
    };
  }

  private pictureFor(p: Pending, now: number, forced: boolean): JobPicture | null {
    const { toleranceMs, graceMs } = this.settings;
    const t = p.target;
    const frame = this.nearestFrame(t);
    // 1. The frames up to T + tolerance are in: the nearest one.
    if (frame && this.watermark >= t + toleranceMs) return framePicture(frame);
    // 2. The camera holds a recording of T.
    if (this.recordedAt(t)) return recordingAt(t);
    // 3. A recording camera past T + tolerance: no need to wait for its media listing.
    if (p.facts.recording && now + p.facts.clockOffsetMs >= t + toleranceMs) return this.recordingOutcome(t);
    // 4. The grace has run out (or the camera holds too many): the best there is.
    if (forced || now >= p.seenAt + graceMs) {
      if (frame) return framePicture(frame);
      if (p.facts.recording) return this.recordingOutcome(t);
      return { kind: 'none', reason: this.darkAt(t) ? 'camera_dark' : 'no_frame' };
    }
    return null;
  }

  private recordingOutcome(t: number): JobPicture {
    if (this.darkAt(t)) return { kind: 'none', reason: 'camera_dark' };
    if (this.gapAt(t)) return { kind: 'none', reason: 'not_recorded' };
    return recordingAt(t);
  }

  /** The frame nearest to `t` within the tolerance (the earlier one of two as near). */
  private nearestFrame(t: number): Frame | undefined {
    const tolerance = this.settings.toleranceMs;
    let best: Frame | undefined;
    for (let i = firstAtOrAfter(this.frames, t - tolerance); i < this.frames.length; i++) {
      const frame = this.frames[i];
      if (frame.at > t + tolerance) break;
      if (!best || Math.abs(frame.at - t) < Math.abs(best.at - t)) best = frame;
    }
    return best;
  }

  private recordedAt(t: number): boolean {
    return this.segments.some((s) => s.from <= t && t <= s.to);
  }

  /** The recording is known to miss `t`: segments end before it and start after it, none covers it. */
  private gapAt(t: number): boolean {
    return !this.recordedAt(t) && this.segments.some((s) => s.to < t) && this.segments.some((s) => s.from > t);
  }

  /** The last connection event at or before `t` is a disconnect. No event known: connected. */
  private darkAt(t: number): boolean {
    for (let i = this.connections.length - 1; i >= 0; i--) {
      if (this.connections[i].at <= t) return !this.connections[i].connected;
    }
    return false;
  }

  private advance(at: number): void {
    if (at > this.watermark) this.watermark = at;
  }

  /** Keeps the buffer window behind `upTo` (and the caps); the last event before it stays as the state there. */
  private trim(upTo: number): void {
    const horizon = Math.max(upTo, this.watermark) - this.settings.bufferWindowMs;
    const maxFrames = this.settings.maxFramesPerCamera;
    const start = Math.max(firstAtOrAfter(this.frames, horizon), this.frames.length - maxFrames);
    if (start > 0) this.frames = this.frames.slice(start);
    const maxSegments = this.settings.maxSegments ?? 1000;
    if (this.segments.some((s) => s.to < horizon) || this.segments.length > maxSegments) {
      this.segments = this.segments.filter((s) => s.to >= horizon).slice(-maxSegments);
    }
    const maxEvents = this.settings.maxConnectionEvents ?? 1000;
    const firstKept = Math.max(firstAtOrAfter(this.connections, horizon) - 1, this.connections.length - maxEvents);
    if (firstKept > 0) this.connections = this.connections.slice(firstKept);
  }

  private remember(key: string): void {
    this.decided.add(key);
    if (this.decided.size > (this.settings.maxRemembered ?? 1000)) {
      this.decided.delete(this.decided.values().next().value as string);
    }
  }
}

function framePicture(frame: Frame): JobPicture {
  const { blobId, width, height } = frame;
  return { kind: 'frame', blobId, capturedAt: new Date(frame.at).toISOString(), width, height };
}

function recordingAt(t: number): JobPicture {
  return { kind: 'recording', at: new Date(t).toISOString() };
}

function jobOf(p: Pending, picture: JobPicture, now: number): ThumbnailJob {
  const { transaction, link } = p.linked;
  return {
    type: 'ThumbnailJob',
    jobId: transaction.transactionKey,
    transactionKey: transaction.transactionKey,
    ownerId: link.ownerId,
    cameraId: link.cameraId,
    linkId: link.linkId,
    terminalKey: transaction.terminalKey,
    posAt: transaction.occurredAt,
    targetAt: new Date(p.target).toISOString(),
    clockOffsetMs: p.facts.clockOffsetMs,
    region: link.region,
    picture,
    createdAt: new Date(now).toISOString(),
  };
}

/** The index of the first item whose time is at or after `t` (items sorted by time). */
function firstAtOrAfter(items: readonly { at: number }[], t: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid].at < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Inserts in time order (mostly at the end), unless an item of the same time that `same` says is it is there. */
function insertSorted<T>(items: T[], item: T, time: (x: T) => number, same: (x: T) => boolean): void {
  const t = time(item);
  let i = items.length;
  while (i > 0 && time(items[i - 1]) > t) i--;
  for (let j = i - 1; j >= 0 && time(items[j]) === t; j--) if (same(items[j])) return;
  items.splice(i, 0, item);
}
