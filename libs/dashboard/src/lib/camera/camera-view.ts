import type { BlobStore } from '@regicam/blob-store';
import {
  CameraSourceError,
  CameraSourceNotFoundError,
  CameraSourceRefusedError,
  type CameraInfoLookup,
  type CameraSourceLookup,
} from '@regicam/cameras/source';
import type { TransactionKind } from '@regicam/domain';
import type { Collection, ReadStore } from '@regicam/read-store';
import { TRANSACTIONS, TRANSACTION_INDEXES, type TransactionDocument } from '@regicam/transactions';
import { CameraPictureUnavailable, DashboardInputError, DashboardNotFound } from '../errors';
import {
  CAMERA_FRAMES,
  CAMERA_TIMELINE,
  FRAME_INDEXES,
  TIMELINE_INDEXES,
  hourId,
  hourStart,
  minuteId,
  minuteStart,
  spansOf,
  type CameraHour,
  type ConnectionEvent,
  type CameraMinuteFrames,
} from '../projections/timeline-projection';
import type { CameraOwners } from '../transactions/transaction-list';
import { clipSpans, mergeSpans, type Span } from './intervals';

/** The five zoom levels of the camera view's timeline (72H / 24H / 6H / 1H / 10M) and the detail each shows. */
export const ZOOM_LEVELS = [
  { zoom: '10M', spanMs: 10 * 60_000, resolutionMs: 1_000 },
  { zoom: '1H', spanMs: 3_600_000, resolutionMs: 5_000 },
  { zoom: '6H', spanMs: 6 * 3_600_000, resolutionMs: 30_000 },
  { zoom: '24H', spanMs: 24 * 3_600_000, resolutionMs: 120_000 },
  { zoom: '72H', spanMs: 72 * 3_600_000, resolutionMs: 300_000 },
] as const;

/** Markers listed one by one up to this many; more are counted per slot of the zoom's resolution. */
export const MAX_MARKERS = 1000;
/** The most rows a timeline counts; a range with more says so (`markersTruncated`). */
const MAX_MARKER_ROWS = 20_000;
/** A stored frame further than this from the wanted time is not that time's picture. */
export const FRAME_TOLERANCE_MS = 60_000;

export type CameraPicture = {
  jpeg: Buffer;
  contentType: string;
  /** The true time the picture shows (camera time − offset); null for a live picture of unknown time. */
  at: string | null;
  source: 'camera' | 'stored-frame';
};

export type TimeSpan = { from: string; to: string };

export type CameraTimeline = {
  cameraId: string;
  from: string;
  to: string;
  zoom: (typeof ZOOM_LEVELS)[number]['zoom'];
  /** Spans closer than this are shown as one; markers beyond `MAX_MARKERS` are counted per slot of it. */
  resolutionMs: number;
  clockOffsetMs: number;
  /** What the camera recorded or was sent frames of (true time). */
  recorded: TimeSpan[];
  /** When the camera was disconnected. */
  dark: TimeSpan[];
  markers: { at: string; kind: TransactionKind; transactionKey: string }[];
  /** With more than `MAX_MARKERS` markers: how many of each kind per slot, instead of each one. */
  markerSlots: { from: string; counts: Record<TransactionKind, number> }[] | null;
  markersTruncated: boolean;
};

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The camera view: the camera's picture at a time (for seeking to a row)
 * and its timeline (recorded, dark, the transactions), on the owner's
 * cameras only. Times in and out are true time; the camera's clock offset
 * is added to ask the camera and taken off what it says.
 */
export class CameraView {
  private constructor(
    private readonly hours: Collection<CameraHour>,
    private readonly frames: Collection<CameraMinuteFrames>,
    private readonly transactions: Collection<TransactionDocument>,
    private readonly deps: {
      cameras: CameraOwners;
      cameraSource: CameraSourceLookup;
      cameraInfo: CameraInfoLookup;
      blobs: BlobStore;
      now: () => Date;
    },
  ) {}

  static async open(store: ReadStore, deps: CameraView['deps']): Promise<CameraView> {
    return new CameraView(
      await store.collection<CameraHour>(CAMERA_TIMELINE, { indexes: TIMELINE_INDEXES }),
      await store.collection<CameraMinuteFrames>(CAMERA_FRAMES, { indexes: FRAME_INDEXES }),
      await store.collection<TransactionDocument>(TRANSACTIONS, { indexes: TRANSACTION_INDEXES }),
      deps,
    );
  }

  /**
   * The picture at true time `at` (the latest when absent):
   * 1. the camera's own recording (its image at `at` + offset), when it has a source;
   * 2. else, or when the camera has nothing then, the stored frame nearest to it within a minute;
   * 3. none: not found, or unavailable when the camera service failed.
   */
  async picture(ownerId: string, cameraId: string, at?: number): Promise<CameraPicture> {
    await this.ownersCamera(ownerId, cameraId);
    const offset = await this.offset(cameraId);
    const camera = await this.deps.cameraSource(cameraId);
    let failure: CameraPictureUnavailable | null = null;
    if (camera) {
      try {
        const image =
          at === undefined
            ? await camera.source.latestImage(camera.deviceId)
            : await camera.source.imageAt(camera.deviceId, new Date(at + offset));
        return {
          jpeg: image.jpeg,
          contentType: image.contentType,
          at: at === undefined ? null : iso(at),
          source: 'camera',
        };
      } catch (error) {
        if (!(error instanceof CameraSourceError)) throw error;
        if (!(error instanceof CameraSourceNotFoundError && error.reason === 'image')) {
          const reason = error instanceof CameraSourceRefusedError ? 'refused' : 'unavailable';
          failure = new CameraPictureUnavailable(
            reason,
            `the camera service did not give the picture: ${error.message}`,
          );
        }
      }
    }
    const frame = at === undefined ? await this.latestFrame(cameraId) : await this.nearestFrame(cameraId, at + offset);
    if (frame) {
      const blob = await this.deps.blobs.getBuffer(frame[1]);
      if (blob)
        return { jpeg: blob.data, contentType: blob.contentType, at: iso(frame[0] - offset), source: 'stored-frame' };
    }
    if (failure) throw failure;
    throw new DashboardNotFound(`camera ${cameraId} has no picture ${at === undefined ? 'yet' : `at ${iso(at)}`}`);
  }

  /** The timeline of `[from, to)` (true time, up to 72 hours), sized for the smallest zoom level that holds it. */
  async timeline(ownerId: string, cameraId: string, from: number, to: number): Promise<CameraTimeline> {
    if (!(to > from)) throw new DashboardInputError('to', 'to must be after from');
    const level = ZOOM_LEVELS.find((z) => to - from <= z.spanMs);
    if (!level)
      throw new DashboardInputError('to', 'a timeline covers at most 72 hours: from and to are further apart');
    await this.ownersCamera(ownerId, cameraId);
    const offset = await this.offset(cameraId);
    const [camFrom, camTo] = [from + offset, to + offset];
    // 1. The hours of the camera's clock the range spans, and the last connection event before them.
    const ids: string[] = [];
    for (let h = hourStart(camFrom); h < camTo; h += 3_600_000) ids.push(hourId(cameraId, h));
    const hours = (await this.hours.find({ id: { $in: ids } }, { sort: [['hour', 1]], limit: ids.length })).items;
    const before = await this.hours.find(
      { cameraId, hour: { $lt: iso(hourStart(camFrom)) }, lastConnection: { $ne: null } },
      { sort: [['hour', -1]], limit: 1 },
    );
    // 2. Recorded (recordings and pushed frames) and dark spans, on true time.
    const toTrue = (spans: Span[]): TimeSpan[] =>
      mergeSpans(clipSpans(spans, camFrom, camTo), level.resolutionMs).map(([a, b]) => ({
        from: iso(a - offset),
        to: iso(b - offset),
      }));
    const recorded = toTrue(hours.flatMap((h) => [...spansOf(h.recorded), ...spansOf(h.frames)]));
    const camNow = this.deps.now().getTime() + offset;
    const dark = toTrue(
      darkSpans(
        before.items[0]?.lastConnection ?? null,
        hours.flatMap((h) => h.connection),
        camFrom,
        Math.min(camTo, camNow),
      ),
    );
    // 3. The transactions of the camera in the range.
    const { markers, markerSlots, truncated } = await this.markers(ownerId, cameraId, from, to, level.resolutionMs);
    return {
      cameraId,
      from: iso(from),
      to: iso(to),
      zoom: level.zoom,
      resolutionMs: level.resolutionMs,
      clockOffsetMs: offset,
      recorded,
      dark,
      markers,
      markerSlots,
      markersTruncated: truncated,
    };
  }

  private async markers(ownerId: string, cameraId: string, from: number, to: number, resolutionMs: number) {
    const rows: TransactionDocument[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.transactions.find(
        { cameraId, ownerId, occurredAt: { $gte: iso(from), $lt: iso(to) } },
        { sort: [['occurredAt', 1]], limit: 1000, cursor },
      );
      rows.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && rows.length < MAX_MARKER_ROWS);
    const truncated = cursor !== null;
    if (rows.length <= MAX_MARKERS) {
      const markers = rows.map((r) => ({ at: r.occurredAt, kind: r.kind, transactionKey: r.id }));
      return { markers, markerSlots: null, truncated };
    }
    const slots = new Map<number, Record<TransactionKind, number>>();
    for (const r of rows) {
      const slot = from + Math.floor((Date.parse(r.occurredAt) - from) / resolutionMs) * resolutionMs;
      const counts = slots.get(slot) ?? { payment: 0, cancel: 0, modify: 0, delete: 0 };
      counts[r.kind]++;
      slots.set(slot, counts);
    }
    const markerSlots = [...slots].sort((a, b) => a[0] - b[0]).map(([slot, counts]) => ({ from: iso(slot), counts }));
    return { markers: [], markerSlots, truncated };
  }

  private async ownersCamera(ownerId: string, cameraId: string): Promise<void> {
    const camera = await this.deps.cameras.get(cameraId);
    if (!camera || camera.ownerId !== ownerId) throw new DashboardNotFound(`camera ${cameraId} was not found`);
  }

  private async offset(cameraId: string): Promise<number> {
    return (await this.deps.cameraInfo(cameraId))?.clockOffsetMs ?? 0;
  }

  /** The stored frame nearest to camera time `t`, within the tolerance. */
  private async nearestFrame(cameraId: string, t: number): Promise<[number, string] | null> {
    const m = minuteStart(t);
    const ids = [-1, 0, 1].map((d) => minuteId(cameraId, m + d * 60_000));
    const docs = (await this.frames.find({ id: { $in: ids } }, { limit: 3 })).items;
    let best: [number, string] | null = null;
    for (const { at, blobId } of docs.flatMap((d) => d.frames)) {
      if (Math.abs(at - t) > FRAME_TOLERANCE_MS) continue;
      if (!best || Math.abs(at - t) < Math.abs(best[0] - t)) best = [at, blobId];
    }
    return best;
  }

  private async latestFrame(cameraId: string): Promise<[number, string] | null> {
    const page = await this.frames.find({ cameraId }, { sort: [['minute', -1]], limit: 1 });
    const last = page.items[0]?.frames.at(-1);
    return last ? [last.at, last.blobId] : null;
  }
}

/**
 * The spans a camera was disconnected within `[from, to)`: from each
 * disconnect to the next connect (or the end), starting from the state the
 * last event before the range left (connected when none is known).
 */
export function darkSpans(
  stateBefore: 'connect' | 'disconnect' | null,
  events: readonly ConnectionEvent[],
  from: number,
  to: number,
): Span[] {
  const sorted = [...events].sort((a, b) => a.at - b.at);
  let state = stateBefore ?? 'connect';
  let darkSince: number | null = state === 'disconnect' ? from : null;
  const spans: Span[] = [];
  for (const { at, event } of sorted) {
    if (at < from) {
      state = event;
      darkSince = state === 'disconnect' ? from : null;
      continue;
    }
    if (at >= to) break;
    if (event === 'disconnect' && state !== 'disconnect') darkSince = at;
    if (event === 'connect' && state === 'disconnect' && darkSince !== null) {
      spans.push([darkSince, at]);
      darkSince = null;
    }
    state = event;
  }
  if (state === 'disconnect' && darkSince !== null && to > darkSince) spans.push([darkSince, to]);
  return spans;
}
