/**
 * The event store port: streams of events, each appended with an expected
 * revision, and one global log of all streams in append order. EventStoreDB
 * / KurrentDB is the production adapter; a SQLite file is the embedded one.
 * Both pass the same contract suite (`@regicam/event-store/testing`).
 */

/** JSON-serialisable data of an event. */
export type EventPayload = Record<string, unknown>;

/** An event to append. Its id is the idempotency key. */
export type NewEvent = {
  /** A UUID. Appending an event whose id the stream already holds is a no-op. */
  id: string;
  /** A stable type string with its schema version, e.g. `LinkCreated.v1`. */
  type: string;
  data: EventPayload;
  metadata?: EventPayload;
};

/** An event as stored. */
export type StoredEvent = {
  id: string;
  type: string;
  data: EventPayload;
  metadata: EventPayload;
  streamName: string;
  /** The event's number within its stream, from 0. */
  revision: number;
  /**
   * Where the event stands in the global log: opaque, but ordered the same
   * way as the log for this adapter (compare with `comparePositions`).
   */
  position: string;
  /** When the store recorded it (ISO 8601, UTC). Domain time is in the data. */
  recordedAt: string;
};

/**
 * What the stream must look like for an append to go through:
 * - `no_stream`: the stream must not exist (creating it);
 * - `stream_exists`: it must exist;
 * - `any`: no check;
 * - a number: the revision of the stream's last event, as last read.
 */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

export type AppendResult = {
  /** The revision of the stream's last event after the append. */
  nextExpectedRevision: number;
  /** The position of the last event appended (or, for an idempotent repeat, of the earlier append). */
  position: string;
};

export type ReadStreamOptions = {
  /** Start at this revision (inclusive); from the first event when not given. */
  fromRevision?: number;
  maxCount?: number;
};

/** Which events a reader of the global log wants. System events are never included. */
export type EventFilter = { eventTypes?: string[] } | { streamPrefixes?: string[] } | undefined;

export type ReadAllOptions = {
  /** Exclusive: events after this position; from the start when not given. */
  after?: string;
  maxCount?: number;
  filter?: EventFilter;
};

export type SubscribeOptions = ReadAllOptions & {
  /** Called for each event in log order; the next one waits until it resolves. */
  handler: (event: StoredEvent) => Promise<void>;
  /** Called when the subscription fails for good (the handler threw, or the store is gone). */
  onError?: (error: unknown) => void;
};

export interface Subscription {
  /** Stops delivering; resolves once the handler in progress has finished. */
  stop(): Promise<void>;
}

/** The stream did not look like the append expected: another writer came first. */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamName: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual last revision, or 'no_stream'. */
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${streamName}: expected revision ${String(expected)}, but the stream is at ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/**
 * The batch repeats an event id the stream already holds, but not as the
 * same run of events: it is neither a new batch nor a repeat of an earlier
 * one, so appending it would break the id's idempotency.
 */
export class EventIdConflictError extends Error {
  constructor(
    readonly streamName: string,
    readonly eventId: string,
    detail: string,
  ) {
    super(`stream ${streamName}: event ${eventId} ${detail}`);
    this.name = 'EventIdConflictError';
  }
}

export interface EventStore {
  /**
   * Appends the events, all or none, if the stream is at the expected
   * revision; otherwise throws `WrongExpectedRevisionError`. Appending again
   * events with the same ids, in the same order, is a no-op that returns the
   * earlier result.
   */
  append(
    streamName: string,
    events: NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult>;
  /** The events of a stream in order; an empty list when the stream does not exist. */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<StoredEvent[]>;
  /** Events of all streams in global order. */
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;
  /**
   * Delivers the events after `after` (exclusive), then every new one as it
   * is appended, in global order, until stopped. Catch-up and live delivery
   * are seamless: no event is skipped or repeated.
   */
  subscribeToAll(options: SubscribeOptions): Subscription;
  /** Orders two positions of this store: negative, zero or positive. */
  comparePositions(a: string, b: string): number;
  close(): Promise<void>;
}
