import type { Span } from './dashboard-view';

/** The timeline's zoom levels, widest first, as the manual names them. */
export type TimelineSpan = '72H' | '24H' | '6H' | '1H' | '10M';

export const TIMELINE_SPANS: readonly TimelineSpan[] = ['72H', '24H', '6H', '1H', '10M'];

const MINUTE = 60_000;

export const SPAN_MS: Record<TimelineSpan, number> = {
  '72H': 72 * 60 * MINUTE,
  '24H': 24 * 60 * MINUTE,
  '6H': 6 * 60 * MINUTE,
  '1H': 60 * MINUTE,
  '10M': 10 * MINUTE,
};

/** The range a timeline shows: `span` up to `end`. */
export function timelineRange(end: string, span: TimelineSpan): Span {
  const to = Date.parse(end);
  return { from: new Date(to - SPAN_MS[span]).toISOString(), to: new Date(to).toISOString() };
}

/** Where a time lies in a range, 0 (its start) .. 1 (its end); null outside it or when not a time. */
export function positionIn(range: Span, time: string): number | null {
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  const t = Date.parse(time);
  if (Number.isNaN(t) || t < from || t > to || to <= from) return null;
  return (t - from) / (to - from);
}

/** The parts of periods inside a range, as start and width shares of it (periods outside are left out). */
export function barsIn(range: Span, periods: readonly Span[]): { start: number; width: number }[] {
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  if (!(to > from)) return [];
  const bars: { start: number; width: number }[] = [];
  for (const p of periods) {
    const a = Math.max(from, Date.parse(p.from));
    const b = Math.min(to, Date.parse(p.to));
    if (b > a) bars.push({ start: (a - from) / (to - from), width: (b - a) / (to - from) });
  }
  return bars;
}
