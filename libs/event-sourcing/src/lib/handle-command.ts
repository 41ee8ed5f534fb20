import type { Decider } from '@regicam/domain';
import { WrongExpectedRevisionError, type EventStore, type NewEvent } from '@regicam/event-store';

/** A domain event as the event store keeps it: the type string carries the schema version. */
export type DomainEvent = { type: string; data: object };

export type CommandOutcome<E> = {
  /** The events appended; empty when the command had nothing left to do. */
  events: E[];
  /** The global position of the last event appended, or null when none was. */
  position: string | null;
};

export type HandleOptions<E> = {
  /** Ids of the new events (the idempotency keys), one per event. */
  eventIds: (events: E[]) => string[];
  metadata?: Record<string, unknown>;
  /** How often a concurrent change is retried before giving up (default 3). */
  retries?: number;
};

/** Another writer changed the stream each time we tried: the caller answers 409. */
export class ConcurrentChangeError extends Error {
  constructor(readonly streamName: string) {
    super(`${streamName} was changed by someone else at the same time; try again`);
    this.name = 'ConcurrentChangeError';
  }
}

/**
 * One command against one stream:
 * 1. read the stream and fold its events into the state;
 * 2. decide (pure; throws the domain's refusals);
 * 3. append the new events expecting the revision read in 1;
 * 4. on a concurrent append, start again from 1 after a short, growing
 *    pause, a bounded number of times.
 */
export async function handleCommand<C, E extends DomainEvent, S>(
  store: EventStore,
  streamName: string,
  decider: Decider<C, E, S>,
  command: C,
  options: HandleOptions<E>,
): Promise<CommandOutcome<E>> {
  const retries = options.retries ?? 3;
  for (let attempt = 0; ; attempt++) {
    const stored = await store.readStream(streamName);
    const state = stored.reduce(
      (s, e) => decider.evolve(s, { type: e.type, data: e.data } as unknown as E),
      decider.initialState(),
    );
    const events = decider.decide(command, state);
    if (events.length === 0) return { events, position: null };
    const ids = options.eventIds(events);
    const toAppend: NewEvent[] = events.map((e, i) => ({
      id: ids[i],
      type: e.type,
      data: e.data as Record<string, unknown>,
      metadata: options.metadata,
    }));
    try {
      const result = await store.append(streamName, toAppend, {
        expectedRevision: stored.length === 0 ? 'no_stream' : stored[stored.length - 1].revision,
      });
      return { events, position: result.position };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      if (attempt >= retries) throw new ConcurrentChangeError(streamName);
      await new Promise((r) => setTimeout(r, 20 * 2 ** attempt + Math.random() * 20));
    }
  }
}
