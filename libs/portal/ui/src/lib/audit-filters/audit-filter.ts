/** A choice in a filter's list. */
export type FilterOption = { value: string; label: string };

/** The audit's filters: a register (its key), a camera, a time range (ISO times); null: not filtered. */
export type AuditFilter = { terminal: string | null; cameraId: string | null; from: string | null; to: string | null };

export const NO_FILTER: AuditFilter = { terminal: null, cameraId: null, from: null, to: null };

const two = (n: number): string => String(n).padStart(2, '0');

/** An ISO time as a `datetime-local` input shows it: the browser's local time, to the minute. */
export function localInputOf(iso: string | null): string {
  if (!iso) return '';
  const t = new Date(iso);
  if (Number.isNaN(t.getTime())) return '';
  return `${t.getFullYear()}-${two(t.getMonth() + 1)}-${two(t.getDate())}T${two(t.getHours())}:${two(t.getMinutes())}`;
}

/**
 * What a `datetime-local` input holds (local time, no zone) as an ISO time;
 * null when empty or not a time. `end` takes the last millisecond of that
 * minute, so "to 10:15" includes a change at 10:15:30.
 */
export function isoOfLocalInput(value: string, end = false): string | null {
  if (!value) return null;
  const t = new Date(value);
  if (Number.isNaN(t.getTime())) return null;
  if (end) t.setSeconds(59, 999);
  return t.toISOString();
}
