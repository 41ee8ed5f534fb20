/** A half-open span of time in milliseconds: `[from, to)`. */
export type Span = [from: number, to: number];

/** The spans with one more, merged where they touch or overlap, in order; null when it adds nothing. */
export function addSpan(spans: readonly Span[], span: Span): Span[] | null {
  const [a, b] = span;
  if (!(b > a)) return null;
  if (spans.some(([x, y]) => x <= a && b <= y)) return null;
  return mergeSpans([...spans, [a, b]], 0);
}

/** Sorted and merged: spans closer than `gapMs` become one. */
export function mergeSpans(spans: readonly Span[], gapMs: number): Span[] {
  const sorted = [...spans].filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: Span[] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a - last[1] <= gapMs) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** The parts of the spans within `[from, to)`. */
export function clipSpans(spans: readonly Span[], from: number, to: number): Span[] {
  return spans.map(([a, b]): Span => [Math.max(a, from), Math.min(b, to)]).filter(([a, b]) => b > a);
}
