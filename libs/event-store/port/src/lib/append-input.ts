import type { ExpectedRevision, NewEvent } from './event-store';

/** An event checked and serialised for an append: what every adapter writes. */
export type PreparedEvent = {
  /** The id in lower case, as EventStoreDB / KurrentDB returns UUIDs. */
  id: string;
  type: string;
  /** JSON text of the data and the metadata (`{}` when none was given). */
  data: string;
  metadata: string;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Streams and event types starting with `$` belong to the store itself. */
export const isSystemName = (name: string): boolean => name.startsWith('$');

function json(value: unknown, what: string): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${what} must be a JSON object`);
  }
  try {
    return JSON.stringify(value);
  } catch (error) {
    throw new TypeError(`${what} is not JSON-serialisable: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Checks an append before anything is written, the same way on every
 * adapter, so that a batch one store refuses is refused by the other too:
 * a stream of the application (not `$…`), at least one event, UUID ids that
 * are unique within the batch, types of the application, JSON objects as
 * data and metadata, and a valid expected revision. Serialising here means
 * a bad event fails the whole batch before the first one is sent.
 */
export function prepareAppend(streamName: string, events: NewEvent[], expected: ExpectedRevision): PreparedEvent[] {
  if (typeof streamName !== 'string' || streamName.length === 0) throw new TypeError('streamName must not be empty');
  if (isSystemName(streamName)) throw new TypeError(`stream ${streamName}: names starting with $ are the store's own`);
  if (!['no_stream', 'stream_exists', 'any'].includes(String(expected)) && !isRevision(expected)) {
    throw new TypeError(`stream ${streamName}: expectedRevision ${String(expected)} is not a revision`);
  }
  if (!Array.isArray(events) || events.length === 0) throw new TypeError(`stream ${streamName}: no events to append`);
  const seen = new Set<string>();
  return events.map((event, i) => {
    const where = `stream ${streamName}, event ${i}`;
    if (typeof event.id !== 'string' || !UUID.test(event.id)) throw new TypeError(`${where}: id must be a UUID`);
    const id = event.id.toLowerCase();
    if (seen.has(id)) throw new TypeError(`${where}: id ${id} appears twice in the batch`);
    seen.add(id);
    if (typeof event.type !== 'string' || event.type.length === 0 || isSystemName(event.type)) {
      throw new TypeError(`${where}: type must be a non-empty string not starting with $`);
    }
    return {
      id,
      type: event.type,
      data: json(event.data, `${where}: data`),
      metadata: json(event.metadata ?? {}, `${where}: metadata`),
    };
  });
}

function isRevision(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
