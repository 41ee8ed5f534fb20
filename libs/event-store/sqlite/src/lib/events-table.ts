import type { CheckedFilter, StoredEvent } from '@regicam/event-store';

/**
 * The one table of the embedded event store.
 * - `position` is the global log: AUTOINCREMENT never hands out a number
 *   twice, and writes are serialised, so positions grow in commit order and
 *   a reader that has seen position n has seen every event before it.
 * - UNIQUE (stream_name, revision) keeps each stream a gap-free sequence
 *   from 0; its index also answers "last revision of this stream".
 * - UNIQUE (stream_name, event_id) makes the event id the idempotency key.
 * - data and metadata are JSON text.
 */
export const EVENTS_TABLE = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY AUTOINCREMENT,
  stream_name TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  event_id    TEXT    NOT NULL,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  recorded_at TEXT    NOT NULL,
  UNIQUE (stream_name, revision),
  UNIQUE (stream_name, event_id)
)`;

export type EventRow = {
  position: number;
  stream_name: string;
  revision: number;
  event_id: string;
  type: string;
  data: string;
  metadata: string;
  recorded_at: string;
};

export const COLUMNS = 'position, stream_name, revision, event_id, type, data, metadata, recorded_at';

export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row.event_id,
    type: row.type,
    data: JSON.parse(row.data),
    metadata: JSON.parse(row.metadata),
    streamName: row.stream_name,
    revision: row.revision,
    position: String(row.position),
    recordedAt: row.recorded_at,
  };
}

/**
 * The page query of the global log for a filter: events after a position,
 * in log order. Parameters: the position, then the filter's values, then
 * the page size. No system-stream condition is needed: appends to `$…`
 * streams and types are refused, so the table never holds one.
 */
export function pageQuery(filter: CheckedFilter): { sql: string; values: string[] } {
  let where = '';
  let values: string[] = [];
  switch (filter.kind) {
    case 'all':
      break;
    case 'eventTypes':
      where = ` AND type IN (${filter.eventTypes.map(() => '?').join(', ')})`;
      values = filter.eventTypes;
      break;
    case 'streamPrefixes':
      // substr and length both count characters, so any prefix compares exactly.
      where = ` AND (${filter.streamPrefixes.map(() => 'substr(stream_name, 1, length(?)) = ?').join(' OR ')})`;
      values = filter.streamPrefixes.flatMap((prefix) => [prefix, prefix]);
      break;
    default: {
      const unknown: never = filter;
      throw new Error(`unknown filter ${JSON.stringify(unknown)}`);
    }
  }
  return { sql: `SELECT ${COLUMNS} FROM events WHERE position > ?${where} ORDER BY position LIMIT ?`, values };
}

/** Positions of this store are decimal strings of the `position` column. */
export function parsePosition(position: string): number {
  const value = /^\d{1,16}$/.test(position) ? Number(position) : NaN;
  if (!Number.isSafeInteger(value)) throw new TypeError(`${position} is not a position of the SQLite event store`);
  return value;
}
