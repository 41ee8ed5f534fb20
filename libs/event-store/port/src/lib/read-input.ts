/** Reading: filters and counts, checked the same way by every adapter. */
import { isSystemName } from './append-input';
import type { EventFilter } from './event-store';

/** A filter checked once, in the one shape the adapters translate. */
export type CheckedFilter =
  { kind: 'all' } | { kind: 'eventTypes'; eventTypes: string[] } | { kind: 'streamPrefixes'; streamPrefixes: string[] };

function names(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string' || v.length === 0)) {
    throw new TypeError(`filter.${what} must be a non-empty list of non-empty strings`);
  }
  return [...new Set(value as string[])];
}

/**
 * Checks a reader's filter. A filter names event types (exact match) or
 * stream prefixes, not both: EventStoreDB filters on one of the two, and the
 * embedded store must not accept what the production one cannot do.
 */
export function checkFilter(filter: EventFilter): CheckedFilter {
  const types = filter && 'eventTypes' in filter ? filter.eventTypes : undefined;
  const prefixes = filter && 'streamPrefixes' in filter ? filter.streamPrefixes : undefined;
  if (types !== undefined && prefixes !== undefined) {
    throw new TypeError('filter: give eventTypes or streamPrefixes, not both');
  }
  if (types !== undefined) return { kind: 'eventTypes', eventTypes: names(types, 'eventTypes') };
  if (prefixes !== undefined) return { kind: 'streamPrefixes', streamPrefixes: names(prefixes, 'streamPrefixes') };
  return { kind: 'all' };
}

/** Whether a reader with this filter receives the event. System events never pass. */
export function matchesFilter(filter: CheckedFilter, streamName: string, type: string): boolean {
  if (isSystemName(streamName) || isSystemName(type)) return false;
  switch (filter.kind) {
    case 'all':
      return true;
    case 'eventTypes':
      return filter.eventTypes.includes(type);
    case 'streamPrefixes':
      return filter.streamPrefixes.some((prefix) => streamName.startsWith(prefix));
    default: {
      const unknown: never = filter;
      throw new Error(`unknown filter ${JSON.stringify(unknown)}`);
    }
  }
}

/** A `maxCount` or `fromRevision`: a whole number from `min` on, or nothing. */
export function checkCount(value: number | undefined, what: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < min) throw new TypeError(`${what} must be a whole number from ${min} on`);
  return value;
}
