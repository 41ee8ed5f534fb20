import {
  CameraSourceNotFoundError,
  CameraSourceRefusedError,
  CameraSourceUnavailableError,
  type CameraSource,
} from '@regicam/cameras/source';
import { TOPIC, TOPICS, encodeRecord } from '@regicam/contracts';
import type { MessageLog } from '@regicam/messaging';
import type { Collection, ReadDocument, ReadStore } from '@regicam/read-store';
import { KeyedSchedule } from '@regicam/roles';
import { SLICE_MS, announcements, sliceStart, type GatewayRecord } from './announcements';

/** One recording camera to watch. */
export type GatewayTarget = {
  cameraId: string;
  deviceId: string;
  /** Null when this process cannot reach the camera's account (no key, no simulator): the camera needs attention. */
  source: CameraSource | null;
  /** Where its first listing starts (camera time): when it was linked, or its POS option began. */
  since: Date;
};

/**
 * How watching a camera goes, kept in the read store (collection
 * `camera_gateway_checkpoints`, a record of its own, not a projection: one
 * document per camera). `through` is the camera time up to which (exclusive)
 * its recording and events have been announced, saved only after the
 * broker acknowledged the records. The gateway instance working on the
 * camera holds the claim (`claimedBy` until `claimedUntil`).
 */
export type GatewayCheckpoint = ReadDocument & {
  cameraId: string;
  deviceId: string;
  through: string | null;
  status: 'ok' | 'failing' | 'needs_attention';
  /** Why it needs attention: `credentials` (401), `permission` (403), `device` (404), `no_source`. */
  reason: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  failures: number;
  nextAt: string;
  /** Records published so far. */
  announced: number;
  claimedBy: string | null;
  claimedUntil: string | null;
};

export const CAMERA_GATEWAY_CHECKPOINTS = 'camera_gateway_checkpoints';

export type GatewayLog = (level: 'info' | 'warn' | 'error', message: string) => void;

export type CameraGatewayOptions = {
  /** Between two polls of a healthy camera (default 15 s). */
  intervalMs?: number;
  /** Cameras polled at the same time by this instance (default 8). */
  concurrency?: number;
  /** How far behind now the listing ends (default 90 s; Safie answers only ranges that end a minute ago). */
  listingDelayMs?: number;
  /** The longest range one request pair covers; a longer backlog is listed in turns (default 6 h). */
  maxWindowMs?: number;
  /** Nothing older than this is listed (default: the frames topic's retention, 3 days). */
  retentionMs?: number;
  /** The first pause after a failure, doubled per failure in a row up to `maxBackoffMs` (defaults 1 s, 10 min). */
  firstBackoffMs?: number;
  maxBackoffMs?: number;
  /** When a camera that needs attention (401, 403, 404, no source) is tried again (default 10 min). */
  attentionRetryMs?: number;
  /** How often due cameras are looked for (default 1 s). */
  tickMs?: number;
  /** How long the target list is reused (default 10 s). */
  targetsTtlMs?: number;
  /** How long a claim lasts without renewal; renewed after every window (default 2 min). */
  claimMs?: number;
  instanceId?: string;
  now?: () => Date;
  log?: GatewayLog;
};

/** The camera has no source this process can reach. */
class NoSourceError extends Error {
  override readonly name = 'NoSourceError';
}

/**
 * The camera gateway: for each recording camera, on its own schedule, the
 * recorded segments and connect / disconnect events as records of
 * `regicam.camera-frames.v1` (key: camera id; timestamp: camera time).
 * One failing camera never delays the others. For each camera that is due:
 * 1. claim it (compare-and-set on its checkpoint), so that of several
 *    instances only one works on it;
 * 2. list `[through, end)` of camera time, `end` on the minute grid at
 *    least `listingDelayMs` before now, at most `maxWindowMs` at a time;
 * 3. turn the listing into records (`announcements`: whole slices, so the
 *    same range always gives the same records and record ids);
 * 4. send them and wait for the broker's acknowledgement;
 * 5. only then save `through` (renewing the claim): a crash in between
 *    lists the range again and sends the same records again, with the same
 *    ids, which consumers drop;
 * 6. while a backlog remains, go on with 2; then schedule the next poll,
 *    or back off after a failure (alone: the others go on). A camera that
 *    refuses us (401, 403), is unknown (404) or has no source needs
 *    attention: reported, retried after `attentionRetryMs`.
 */
export class CameraGateway extends KeyedSchedule<GatewayTarget, GatewayCheckpoint> {
  private constructor(
    checkpoints: Collection<GatewayCheckpoint>,
    private readonly log: MessageLog,
    private readonly topic: string,
    listTargets: () => Promise<GatewayTarget[]>,
    private readonly options: CameraGatewayOptions,
  ) {
    super(checkpoints, {
      ...options,
      name: 'camera gateway',
      targets: listTargets,
      keyOf: (t) => t.cameraId,
      initialState,
      onClaim: (t) => ({ deviceId: t.deviceId }),
      concurrency: options.concurrency ?? 8,
    });
  }

  /** `topic` is the broker's name of regicam.camera-frames.v1 (`stores.topics.cameraFrames`). */
  static async open(
    store: ReadStore,
    log: MessageLog,
    topic: string,
    targets: () => Promise<GatewayTarget[]>,
    options: CameraGatewayOptions = {},
  ): Promise<CameraGateway> {
    return new CameraGateway(await openGatewayCheckpoints(store), log, topic, targets, options);
  }

  /** Polls every camera now, due or not (operators, tests), and waits for the polls to end. */
  pollNow(): Promise<void> {
    return this.runNow();
  }

  /** The checkpoints of the cameras watched now, in target order; null for a camera never polled. */
  async statuses(): Promise<{ cameraId: string; checkpoint: GatewayCheckpoint | null }[]> {
    const targets = await this.currentTargets();
    const states = await this.statesOf(targets.map((t) => t.cameraId));
    return targets.map((t) => ({ cameraId: t.cameraId, checkpoint: states.get(t.cameraId) ?? null }));
  }

  /** Lists one claimed camera, window after window, each announced and then saved (see the steps above). */
  protected async work(target: GatewayTarget, claimed: GatewayCheckpoint): Promise<void> {
    let state = claimed;
    try {
      if (!target.source) throw new NoSourceError(`no camera source can be reached for device ${target.deviceId}`);
      for (;;) {
        const window = this.window(target, state);
        if (!window) break;
        const records = await this.list(target.cameraId, target.source, target.deviceId, window);
        if (records.length > 0) await this.send(records);
        const saved = await this.save(state, {
          through: window.to.toISOString(),
          announced: state.announced + records.length,
          claimedUntil: this.claimUntil(),
        });
        if (!saved) return this.lostClaim(target.cameraId);
        state = saved;
        if (!window.more || this.stopping) break;
      }
      await this.save(state, {
        status: 'ok',
        reason: null,
        lastSuccessAt: this.now().toISOString(),
        lastError: null,
        failures: 0,
        nextAt: this.later(this.options.intervalMs ?? 15_000),
        claimedBy: null,
        claimedUntil: null,
      });
    } catch (error) {
      await this.failed(target, state, error);
    }
  }

  /**
   * The next range to list: from the checkpoint (or the target's start, on
   * the grid; never older than the retention) to the newest slice end at
   * least `listingDelayMs` ago, at most `maxWindowMs` long. Null when not a
   * whole slice is due yet.
   */
  private window(target: GatewayTarget, state: GatewayCheckpoint): { from: Date; to: Date; more: boolean } | null {
    const now = this.now().getTime();
    const end = sliceStart(now - (this.options.listingDelayMs ?? 90_000));
    const retention = this.options.retentionMs ?? TOPICS.cameraFrames.retentionMs;
    const oldest = retention === null ? Number.NEGATIVE_INFINITY : sliceStart(now - retention);
    const start = state.through ? Date.parse(state.through) : sliceStart(target.since.getTime());
    const from = Math.max(start, oldest);
    if (end - from < SLICE_MS) return null;
    const maxWindow = Math.max(SLICE_MS, sliceStart(this.options.maxWindowMs ?? 6 * 3_600_000));
    const to = Math.min(end, from + maxWindow);
    return { from: new Date(from), to: new Date(to), more: to < end };
  }

  private async list(
    cameraId: string,
    source: CameraSource,
    deviceId: string,
    window: { from: Date; to: Date },
  ): Promise<GatewayRecord[]> {
    const segments = await source.recordings(deviceId, window.from, window.to);
    const events = await source.events(deviceId, window.from, window.to, ['connect', 'disconnect']);
    return announcements(cameraId, window, segments, events);
  }

  /** Sends the records (in order, in chunks) and resolves once the broker has acknowledged every one. */
  private async send(records: GatewayRecord[]): Promise<void> {
    for (let i = 0; i < records.length; i += 500) {
      const messages = records.slice(i, i + 500).map((r) => {
        const encoded = encodeRecord(TOPIC.cameraFrames, r);
        return { key: encoded.key, value: encoded.value, headers: encoded.headers, timestamp: encoded.timestamp };
      });
      await this.log.send(this.topic, messages);
    }
  }

  /** Records the failure and when to try again: soon with a doubling pause, or later when the camera needs attention. */
  private async failed(target: GatewayTarget, state: GatewayCheckpoint, error: unknown): Promise<void> {
    const failures = state.failures + 1;
    const message = error instanceof Error ? error.message : String(error);
    const attention =
      error instanceof CameraSourceRefusedError
        ? error.reason
        : error instanceof CameraSourceNotFoundError
          ? 'device'
          : error instanceof NoSourceError
            ? 'no_source'
            : null;
    const backoff = Math.min(
      this.options.maxBackoffMs ?? 600_000,
      (this.options.firstBackoffMs ?? 1000) * 2 ** Math.min(failures - 1, 20),
    );
    const wait = attention
      ? (this.options.attentionRetryMs ?? 600_000)
      : Math.max(backoff, error instanceof CameraSourceUnavailableError ? (error.retryAfterMs ?? 0) : 0);
    const changed = state.status !== (attention ? 'needs_attention' : 'failing') || state.lastError !== message;
    if (changed || failures === 1)
      this.options.log?.(
        'warn',
        `camera ${target.cameraId}: ${attention ? `needs attention (${attention})` : `listing failed (${failures} in a row)`}, ` +
          `next try in ${Math.round(wait / 1000)} s: ${message}`,
      );
    await this.save(state, {
      status: attention ? 'needs_attention' : 'failing',
      reason: attention,
      lastError: message,
      failures,
      nextAt: this.later(wait),
      claimedBy: null,
      claimedUntil: null,
    });
  }

  private lostClaim(cameraId: string): void {
    this.options.log?.('warn', `camera ${cameraId}: another gateway took the camera over; this one stops polling it`);
  }
}

/** The gateway's checkpoints, for whoever reads them without polling (health, operators). */
export function openGatewayCheckpoints(store: ReadStore): Promise<Collection<GatewayCheckpoint>> {
  return store.collection<GatewayCheckpoint>(CAMERA_GATEWAY_CHECKPOINTS, { indexes: [{ fields: [['status', 1]] }] });
}

function initialState(target: GatewayTarget, now: Date): GatewayCheckpoint {
  return {
    id: target.cameraId,
    version: 0,
    cameraId: target.cameraId,
    deviceId: target.deviceId,
    through: null,
    status: 'ok',
    reason: null,
    lastSuccessAt: null,
    lastError: null,
    failures: 0,
    nextAt: now.toISOString(),
    announced: 0,
    claimedBy: null,
    claimedUntil: null,
  };
}
