import { CameraSourceRequestError } from '@regicam/cameras/source';

export const MINUTE = 60_000;
export const DAY = 86_400_000;
const JST_MS = 9 * 3_600_000;

/**
 * A time as Safie reads it: ISO 8601 in Japan time with its zone
 * (`2026-12-01T09:30:00+09:00`, milliseconds only when there are some).
 * Every time we send is in this one zone, so start and end always share it.
 */
export function safieTime(at: Date): string {
  const text = new Date(at.getTime() + JST_MS).toISOString();
  return (text.endsWith('.000Z') ? text.slice(0, -5) : text.slice(0, -1)) + '+09:00';
}

/**
 * A time Safie sent: an ISO 8601 string with a zone, or a number of epoch
 * seconds (milliseconds when above 2e10, as the vendor's Python client reads
 * numbers). Which one Safie sends is unconfirmed; both are read. Null when
 * it is neither.
 */
export function readSafieTime(value: unknown): Date | null {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(value > 2e10 ? value : value * 1000);
  if (typeof value !== 'string' || !/(Z|[+-]\d\d:?\d\d)$/.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

export function checkDate(at: Date, name: string): void {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    throw new CameraSourceRequestError('argument', `${name} must be a valid time`);
  }
}

/**
 * The windows Safie is asked for a range `[start, end)`: its rules are a
 * range of 1 minute to 1 day that ends at least 1 minute before now.
 * 1. A range whose end is not after its start, or that ends less than a
 *    minute before `now`, is refused here, before any request.
 * 2. A longer range is split into windows of one day.
 * 3. A window shorter than a minute (a short range, or the rest of a long
 *    one) is widened backwards to a minute; the caller keeps only what falls
 *    in `[start, end)`.
 */
export function safieWindows(start: Date, end: Date, now: number): { start: Date; end: Date }[] {
  checkDate(start, 'start');
  checkDate(end, 'end');
  if (end <= start) {
    throw new CameraSourceRequestError(
      'range',
      `the end of the range (${end.toISOString()}) must be after its start (${start.toISOString()})`,
    );
  }
  if (end.getTime() > now - MINUTE) {
    throw new CameraSourceRequestError(
      'too-recent',
      `Safie answers only for ranges that end at least 1 minute before now; ${end.toISOString()} is too recent: ask again later`,
    );
  }
  const windows: { start: Date; end: Date }[] = [];
  for (let from = start.getTime(); from < end.getTime(); from += DAY) {
    const to = Math.min(from + DAY, end.getTime());
    windows.push({ start: new Date(Math.min(from, to - MINUTE)), end: new Date(to) });
  }
  return windows;
}
