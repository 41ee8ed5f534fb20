import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  WrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  streamNameFilter,
  type AppendStreamState,
  type EventData,
  type Filter,
  type Position,
  type RecordedEvent,
} from '@kurrent/kurrentdb-client';
import {
  WrongExpectedRevisionError,
  type CheckedFilter,
  type EventPayload,
  type ExpectedRevision,
  type NewEvent,
  type PreparedEvent,
  type StoredEvent,
} from '@regicam/event-store';

/*
 * Translations between the port and the KurrentDB client, kept pure so
 * that they are tested without a server.
 */

const DIGITS = 20; // 2^64 - 1 has 20 decimal digits.
const POSITION = /^(\d{20})\/(\d{20})$/;

/**
 * A log position as one string, `commit/prepare`, each zero-padded to 20
 * digits: the strings sort as the positions do (commit first, then
 * prepare), which is the order of the log.
 */
export function encodePosition(position: Position): string {
  if (position.commit < 0n || position.prepare < 0n) {
    throw new RangeError(`not a log position: ${position.commit}/${position.prepare}`);
  }
  return `${position.commit.toString().padStart(DIGITS, '0')}/${position.prepare.toString().padStart(DIGITS, '0')}`;
}

export function decodePosition(position: string): Position {
  const match = POSITION.exec(position);
  if (!match) throw new TypeError(`${position} is not a position of the KurrentDB event store`);
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export function toStreamState(expected: ExpectedRevision): AppendStreamState {
  switch (expected) {
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    case 'any':
      return ANY;
    default:
      return BigInt(expected);
  }
}

/** The server's WrongExpectedVersionError in the port's terms; any other error as it is. */
export function toPortError(error: unknown, streamName: string, expected: ExpectedRevision): unknown {
  if (!(error instanceof WrongExpectedVersionError)) return error;
  const actual =
    typeof error.actualState === 'bigint' && error.actualState >= 0n ? Number(error.actualState) : 'no_stream';
  return new WrongExpectedRevisionError(streamName, expected, actual);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The port's filter as a server-side filter, so that unwanted events never
 * leave the server. Event types match whole (an anchored alternation, not
 * the client's prefixes); without a filter, system events are left out.
 * System streams can still pass a type or prefix filter, so the adapter
 * also drops them on arrival (`matchesFilter`).
 */
export function toServerFilter(filter: CheckedFilter): Filter {
  switch (filter.kind) {
    case 'all':
      return excludeSystemEvents();
    case 'eventTypes':
      return eventTypeFilter({ regex: `^(?:${filter.eventTypes.map(escapeRegExp).join('|')})$` });
    case 'streamPrefixes':
      return streamNameFilter({ prefixes: filter.streamPrefixes });
    default: {
      const unknown: never = filter;
      throw new Error(`unknown filter ${JSON.stringify(unknown)}`);
    }
  }
}

/** A JSON event whose id is the port's: the server's idempotency works on it. */
export function toEventData(event: NewEvent, prepared: PreparedEvent): EventData {
  return {
    id: prepared.id,
    contentType: 'application/json',
    type: prepared.type,
    data: event.data,
    metadata: event.metadata ?? {},
  };
}

function json(value: unknown, what: string): EventPayload {
  const parsed: unknown = value instanceof Uint8Array ? JSON.parse(Buffer.from(value).toString('utf8')) : value;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new TypeError(`${what} is not a JSON object`);
  }
  return parsed as EventPayload;
}

export function toStoredEvent(event: RecordedEvent): StoredEvent {
  if (!event.position) {
    throw new Error(
      `the server did not report the log position of event ${event.id} in ${event.streamId}: ` +
        'the adapter needs EventStoreDB 22.6 or later (or KurrentDB)',
    );
  }
  return {
    id: event.id,
    type: event.type,
    data: json(event.data, `data of event ${event.id}`),
    metadata: event.metadata === undefined ? {} : json(event.metadata, `metadata of event ${event.id}`),
    streamName: event.streamId,
    revision: Number(event.revision),
    position: encodePosition(event.position),
    recordedAt: event.created.toISOString(),
  };
}
