import { randomUUID } from 'node:crypto';
import type {
  EventPayload,
  EventStore,
  NewEvent,
  StoredEvent,
  SubscribeOptions,
  Subscription,
} from '../lib/event-store';

export interface EventStoreHarness {
  /** Opens a store on the adapter's storage; every call opens another instance on the same storage. */
  open(): Promise<EventStore>;
  /** Removes the storage; called once every store the suite opened is closed. */
  cleanup?(): Promise<void>;
}

/**
 * Names that belong to one test of one run, so that the suite can run
 * against a server that keeps the events of earlier runs: streams under
 * `prefix`, event types of this run, and a marker position to read after.
 */
export interface Scope {
  /** Ends with `-`, so that no other scope's names start with it. */
  readonly prefix: string;
  stream(name: string): string;
  type(name: string): string;
  /** Appends an event outside the scope and returns its position: the scope's events all come after it. */
  marker(): Promise<string>;
}

export interface ContractContext {
  readonly store: () => EventStore;
  /** Another store instance on the same storage; closed at the end of the suite unless the test closes it. */
  readonly open: () => Promise<EventStore>;
  readonly scope: (name: string) => Scope;
}

export const newEvent = (type: string, data: EventPayload = {}, metadata?: EventPayload): NewEvent => ({
  id: randomUUID(),
  type,
  data,
  ...(metadata ? { metadata } : {}),
});

export async function until(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A subscription that keeps what it received and what went wrong. */
export type Collector = { events: StoredEvent[]; errors: unknown[]; subscription: Subscription };

export function collect(
  store: EventStore,
  options: Omit<SubscribeOptions, 'handler' | 'onError'>,
  handler: (event: StoredEvent) => Promise<void> = async () => undefined,
): Collector {
  const events: StoredEvent[] = [];
  const errors: unknown[] = [];
  const subscription = store.subscribeToAll({
    ...options,
    handler: async (event) => {
      await handler(event);
      events.push(event);
    },
    onError: (error) => errors.push(error),
  });
  return { events, errors, subscription };
}

export const ids = (events: { id: string }[]) => events.map((e) => e.id);
