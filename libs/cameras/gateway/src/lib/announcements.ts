import type { CameraEvent, RecordedSegment } from '@regicam/cameras/source';
import type { CameraConnectedRecord, CameraDisconnectedRecord, RecordingAvailableRecord } from '@regicam/contracts';

/**
 * The gateway lists a camera's recording in slices of camera time on a
 * fixed grid (whole minutes since the epoch). A slice is announced once it
 * is listed whole, with what was recorded in it, so its records are the
 * same whoever lists it and whenever: after a restart, or by another
 * instance, a slice gives the same records with the same record ids
 * (`<cameraId>/RecordingAvailable/<to>`), never clipped at another place.
 */
export const SLICE_MS = 60_000;

export type GatewayRecord = RecordingAvailableRecord | CameraConnectedRecord | CameraDisconnectedRecord;

/** The start of the slice holding `t` (ms). */
export const sliceStart = (t: number): number => Math.floor(t / SLICE_MS) * SLICE_MS;

/**
 * The records that announce camera time `[from, to)` (both on the slice
 * grid), in camera-time order:
 * 1. per slice, the recorded parts of it: the segments clipped to the
 *    slice, touching or overlapping parts merged, as `RecordingAvailable`;
 * 2. each connect / disconnect event in the range, once, as
 *    `CameraConnected` / `CameraDisconnected` at its time; other events
 *    (motion, sound, person) are not announced.
 * Records are ordered by their camera time (a recording's `to`, an
 * event's `at`); at the same time, events before recordings.
 */
export function announcements(
  cameraId: string,
  range: { from: Date; to: Date },
  segments: readonly RecordedSegment[],
  events: readonly CameraEvent[],
): GatewayRecord[] {
  const from = range.from.getTime();
  const to = range.to.getTime();
  if (from % SLICE_MS !== 0 || to % SLICE_MS !== 0 || to < from) {
    throw new RangeError(
      `a range to announce must run forward on the minute grid, not ${range.from.toISOString()}..${range.to.toISOString()}`,
    );
  }
  const timed: { at: number; order: number; record: GatewayRecord }[] = [];
  const sorted = [...segments].sort((a, b) => a.from.getTime() - b.from.getTime());
  for (let slice = from; slice < to; slice += SLICE_MS) {
    for (const part of recordedParts(sorted, slice, slice + SLICE_MS)) {
      timed.push({
        at: part.to,
        order: 1,
        record: { type: 'RecordingAvailable', cameraId, from: iso(part.from), to: iso(part.to) },
      });
    }
  }
  const seen = new Set<string>();
  for (const e of events) {
    const at = e.at.getTime();
    if (at < from || at >= to || (e.type !== 'connect' && e.type !== 'disconnect')) continue;
    const type = e.type === 'connect' ? 'CameraConnected' : 'CameraDisconnected';
    if (seen.has(`${type}@${at}`)) continue;
    seen.add(`${type}@${at}`);
    timed.push({ at, order: 0, record: { type, cameraId, at: iso(at) } });
  }
  return timed.sort((a, b) => a.at - b.at || a.order - b.order).map((t) => t.record);
}

/** The parts of `[start, end)` the segments (sorted by start) cover, merged where they touch or overlap. */
function recordedParts(
  segments: readonly RecordedSegment[],
  start: number,
  end: number,
): { from: number; to: number }[] {
  const parts: { from: number; to: number }[] = [];
  for (const s of segments) {
    const a = Math.max(start, s.from.getTime());
    const b = Math.min(end, s.to.getTime());
    if (b <= a) continue;
    const last = parts.at(-1);
    if (last && a <= last.to) last.to = Math.max(last.to, b);
    else parts.push({ from: a, to: b });
  }
  return parts;
}

const iso = (ms: number) => new Date(ms).toISOString();
