import { BAND_CAMERA_MAX } from '../scene/band';
import { CameraFaults } from './faults';

/** `[from, to)` on the camera's clock. */
export type TimeRange = { from: Date; to: Date };

export type SimulatedCameraSettings = {
  deviceId?: string;
  serial?: string;
  /** The name the owner gave (Safie's `setting.name`; null: none set). */
  name?: string | null;
  /** Safie's `model.description`. */
  model?: string;
  /** The option items set on the device (`item_id` filter): the POS option among them. */
  itemIds?: number[];
  /** The number its bands show, 0..1023 (default: the next free one). */
  number?: number;
  /** Its clock runs this far ahead of true time (negative: behind). */
  clockOffsetMs?: number;
  /** A frame reaches the cloud this long after it was taken (a recorder uploading late). */
  recordingLagMs?: number;
  /** Nothing is recorded before this camera time (default: always recorded). */
  recordingFrom?: Date;
  /** Recorded media come in files of this length, aligned to the epoch (default 10 minutes). */
  segmentMs?: number;
};

const MINUTE = 60_000;

/**
 * One simulated camera and its switches. Every time range is on the
 * camera's clock (what the API speaks); its clock is true time + offset.
 * - gaps: nothing recorded, the camera stays connected;
 * - dark periods: disconnected (a disconnect event at `from`, a connect at
 *   `to`), nothing recorded, not streaming while one lasts;
 * - recording lag: the frame at camera time T is there once true time has
 *   passed T − offset + lag (the moment it was taken, plus the upload);
 * - motion: the times it reports motion events.
 */
export class SimulatedCamera {
  readonly deviceId: string;
  serial: string;
  name: string | null;
  model: string;
  itemIds: number[];
  readonly number: number;
  clockOffsetMs: number;
  recordingLagMs: number;
  recordingFrom: Date | undefined;
  segmentMs: number;
  readonly gaps: TimeRange[] = [];
  readonly dark: TimeRange[] = [];
  readonly motion: Date[] = [];
  readonly faults = new CameraFaults();

  constructor(number: number, settings: SimulatedCameraSettings) {
    if (!Number.isInteger(number) || number < 0 || number > BAND_CAMERA_MAX) {
      throw new RangeError(`a simulated camera's number must be 0..${BAND_CAMERA_MAX}, not ${number}`);
    }
    this.number = number;
    this.deviceId = settings.deviceId ?? `sim-${String(number).padStart(4, '0')}`;
    this.serial = settings.serial ?? `SF-SIM-${String(number).padStart(6, '0')}`;
    this.name = settings.name === undefined ? `レジ上カメラ ${number}` : settings.name;
    this.model = settings.model ?? 'CC-2L_SF';
    this.itemIds = settings.itemIds ?? [];
    this.clockOffsetMs = settings.clockOffsetMs ?? 0;
    this.recordingLagMs = settings.recordingLagMs ?? 0;
    this.recordingFrom = settings.recordingFrom;
    this.segmentMs = settings.segmentMs ?? 10 * MINUTE;
  }

  addGap(from: Date, to: Date): this {
    this.gaps.push(checkedRange(from, to, 'gap'));
    return this;
  }

  addDarkPeriod(from: Date, to: Date): this {
    this.dark.push(checkedRange(from, to, 'dark period'));
    return this;
  }

  addMotion(times: Date[]): this {
    this.motion.push(...times);
    return this;
  }

  /** The camera's clock at true time `trueNowMs`. */
  cameraNow(trueNowMs: number): number {
    return trueNowMs + this.clockOffsetMs;
  }

  /** Whether it is dark at camera time `t`. */
  isDark(t: number): boolean {
    return this.dark.some((r) => r.from.getTime() <= t && t < r.to.getTime());
  }

  /** Whether the frame at camera time `t` is in the cloud at true time `trueNowMs`. */
  hasFrame(t: number, trueNowMs: number): boolean {
    if (t >= this.cameraNow(trueNowMs) - this.recordingLagMs) return false;
    if (this.recordingFrom && t < this.recordingFrom.getTime()) return false;
    return ![...this.gaps, ...this.dark].some((r) => r.from.getTime() <= t && t < r.to.getTime());
  }

  /**
   * The recorded files that overlap `[start, end)`: files of `segmentMs`
   * aligned to the epoch, cut where a gap or dark period begins or ends,
   * at `recordingFrom` and at what has been uploaded by `trueNowMs`.
   */
  segments(start: number, end: number, trueNowMs: number): { from: number; to: number }[] {
    const until = this.cameraNow(trueNowMs) - this.recordingLagMs;
    const since = this.recordingFrom?.getTime() ?? -Infinity;
    const holes = [...this.gaps, ...this.dark].map((r) => ({ from: r.from.getTime(), to: r.to.getTime() }));
    const out: { from: number; to: number }[] = [];
    for (let file = Math.floor(start / this.segmentMs) * this.segmentMs; file < end; file += this.segmentMs) {
      const piece = { from: Math.max(file, since), to: Math.min(file + this.segmentMs, until) };
      for (const part of subtract(piece, holes)) if (part.to > start && part.from < end) out.push(part);
    }
    return out;
  }

  /** Standard events in `[start, end)` that have happened by `trueNowMs`, in time order. */
  events(start: number, end: number, trueNowMs: number): { type: string; at: number }[] {
    const now = this.cameraNow(trueNowMs);
    const all = [
      ...this.dark.flatMap((r) => [
        { type: 'disconnect', at: r.from.getTime() },
        { type: 'connect', at: r.to.getTime() },
      ]),
      ...this.motion.map((t) => ({ type: 'motion', at: t.getTime() })),
    ];
    return all.filter((e) => e.at >= start && e.at < end && e.at <= now).sort((a, b) => a.at - b.at);
  }
}

function checkedRange(from: Date, to: Date, what: string): TimeRange {
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || to <= from) {
    throw new RangeError(`a ${what} must end after it starts`);
  }
  return { from: new Date(from), to: new Date(to) };
}

/** `piece` without the `holes`, as the parts left in time order (empty parts dropped). */
function subtract(piece: { from: number; to: number }, holes: { from: number; to: number }[]) {
  let parts = piece.to > piece.from ? [piece] : [];
  for (const hole of holes) {
    parts = parts.flatMap((p) =>
      hole.to <= p.from || hole.from >= p.to
        ? [p]
        : [
            { from: p.from, to: hole.from },
            { from: hole.to, to: p.to },
          ].filter((q) => q.to > q.from),
    );
  }
  return parts.sort((a, b) => a.from - b.from);
}
