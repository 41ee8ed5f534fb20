import {
  KurrentDBClient,
  NotLeaderError,
  START,
  StreamNotFoundError,
  UnavailableError,
  type AllStreamResolvedEvent,
  type Position,
} from '@kurrent/kurrentdb-client';
import {
  WrongExpectedRevisionError,
  checkCount,
  checkFilter,
  matchesFilter,
  prepareAppend,
  runSubscription,
  sleep,
  type AppendResult,
  type CheckedFilter,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type SubscribeOptions,
  type Subscription,
} from '@regicam/event-store';
import {
  comparePositions,
  decodePosition,
  encodePosition,
  toEventData,
  toPortError,
  toServerFilter,
  toStoredEvent,
  toStreamState,
} from './mapping';

/** The part of the client the adapter uses (a test passes a stand-in). */
export type KurrentClient = Pick<
  KurrentDBClient,
  'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'
>;

export type KurrentEventStoreOptions =
  /** e.g. `kurrentdb://localhost:2113?tls=false` (the client still takes `esdb://`, with a deprecation warning). */
  { connectionString: string } | { client: KurrentClient };

/** The most events one read request asks the server for. */
const PAGE = 1000;
/** A dropped subscription is resubscribed this many times in a row, with doubling waits from 200 ms. */
const RESUBSCRIBE_ATTEMPTS = 6;

/**
 * The event store on EventStoreDB / KurrentDB, through the gRPC client.
 * Expected revisions, idempotency (the event id) and the order of `$all`
 * are the server's own; the adapter translates them to the port (see
 * mapping.ts) and makes positions exclusive everywhere.
 */
export class KurrentEventStore implements EventStore {
  private readonly client: KurrentClient;
  private readonly subscriptions = new Set<Subscription>();
  private closing?: Promise<void>;

  constructor(options: KurrentEventStoreOptions) {
    this.client = 'client' in options ? options.client : KurrentDBClient.connectionString(options.connectionString);
  }

  async append(
    streamName: string,
    events: NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    const expected = options.expectedRevision;
    const prepared = prepareAppend(streamName, events, expected);
    const data = events.map((event, i) => toEventData(event, prepared[i]));
    const result = await this.client
      .appendToStream(streamName, data, { streamState: toStreamState(expected) })
      .catch((error: unknown) => Promise.reject(toPortError(error, streamName, expected)));
    if (!result.success) {
      const actual = result.nextExpectedRevision >= 0n ? Number(result.nextExpectedRevision) : 'no_stream';
      throw new WrongExpectedRevisionError(streamName, expected, actual);
    }
    // One event: the append's position is the event's. A batch's last event,
    // or an idempotent repeat the server reports no position for, is read back.
    const position =
      events.length === 1 && result.position
        ? result.position
        : await this.positionOf(streamName, result.nextExpectedRevision, result.position);
    return { nextExpectedRevision: Number(result.nextExpectedRevision), position: encodePosition(position) };
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const from = checkCount(options.fromRevision, 'fromRevision', 0);
    const maxCount = checkCount(options.maxCount, 'maxCount', 0);
    if (maxCount === 0) return [];
    const events: StoredEvent[] = [];
    try {
      const reading = this.client.readStream(streamName, {
        fromRevision: from === undefined ? START : BigInt(from),
        ...(maxCount === undefined ? {} : { maxCount }),
      });
      for await (const resolved of reading) if (resolved.event) events.push(toStoredEvent(resolved.event));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  /**
   * Reads `$all` after the position. The server reads from a position
   * inclusively, so the adapter asks for one more and drops what is not
   * after it; and it reads on until it has `maxCount` wanted events or the
   * log ends, so an event dropped on arrival never shortens a page.
   */
  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const filter = checkFilter(options.filter);
    const limit = checkCount(options.maxCount, 'maxCount', 0) ?? Infinity;
    let from = options.after === undefined ? undefined : decodePosition(options.after);
    const events: StoredEvent[] = [];
    while (events.length < limit) {
      const asked = Math.min(PAGE, limit - events.length) + (from ? 1 : 0);
      let received = 0;
      const reading = this.client.readAll({
        fromPosition: from ?? START,
        maxCount: asked,
        filter: toServerFilter(filter),
      });
      for await (const resolved of reading) {
        received++;
        const event = resolved.event;
        if (!event || (from && comparePositions(event.position, from) <= 0)) continue;
        from = event.position;
        if (matchesFilter(filter, event.streamId, event.type)) events.push(toStoredEvent(event));
      }
      if (received < asked) break;
    }
    return events.slice(0, limit);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    const after = options.after === undefined ? undefined : decodePosition(options.after);
    const filter = checkFilter(options.filter);
    const subscription: Subscription = runSubscription(
      (signal) => this.follow(after, filter, signal),
      options,
      () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  comparePositions(a: string, b: string): number {
    return comparePositions(decodePosition(a), decodePosition(b));
  }

  /** Stops the subscriptions (their handlers finish), then the client; closing again waits for the same. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.subscriptions].map((s) => s.stop()));
      await this.client.dispose();
    })();
    return this.closing;
  }

  private async positionOf(streamName: string, revision: bigint, reported?: Position): Promise<Position> {
    for await (const resolved of this.client.readStream(streamName, { fromRevision: revision, maxCount: 1 })) {
      if (resolved.event?.position) return resolved.event.position;
    }
    if (reported) return reported;
    throw new Error(`stream ${streamName}: the server reported no position for revision ${revision}`);
  }

  /**
   * The server's catch-up subscription: it reads the log after the position
   * and then goes live by itself. Positions are exclusive here already; the
   * adapter still drops anything not after the last position it delivered,
   * so a resubscription after a dropped connection repeats nothing.
   */
  private async *follow(
    after: Position | undefined,
    filter: CheckedFilter,
    signal: AbortSignal,
  ): AsyncGenerator<StoredEvent> {
    let last = after;
    let failures = 0;
    while (!signal.aborted) {
      const subscription = this.client.subscribeToAll({
        fromPosition: last ?? START,
        filter: toServerFilter(filter),
      });
      // Cancelling the call does not end the client's stream: destroying it ends the loop below.
      // A failure to cancel a call that never started changes nothing, so it is not reported.
      const cancel = () =>
        void subscription
          .unsubscribe()
          .catch(() => undefined)
          .finally(() => subscription.destroy());
      signal.addEventListener('abort', cancel, { once: true });
      try {
        for await (const resolved of subscription as AsyncIterable<AllStreamResolvedEvent>) {
          const event = resolved.event;
          if (!event || (last && comparePositions(event.position, last) <= 0)) continue;
          last = event.position;
          failures = 0;
          if (matchesFilter(filter, event.streamId, event.type)) yield toStoredEvent(event);
        }
        if (signal.aborted) return;
        throw new UnavailableError(undefined, 'the server ended the subscription');
      } catch (error) {
        if (signal.aborted) return;
        const transient = error instanceof UnavailableError || error instanceof NotLeaderError;
        if (!transient || ++failures > RESUBSCRIBE_ATTEMPTS) throw error;
        await sleep(200 * 2 ** (failures - 1), signal);
      } finally {
        signal.removeEventListener('abort', cancel);
        if (!subscription.destroyed) cancel();
      }
    }
  }
}
