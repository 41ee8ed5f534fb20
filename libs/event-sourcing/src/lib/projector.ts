import type { EventFilter, EventStore, StoredEvent } from '@regicam/event-store';
import type { Collection, ReadDocument, ReadStore, Write } from '@regicam/read-store';
import {
  CheckpointedSubscriber,
  type SubscriberOptions,
  type SubscriberState,
  type SubscriberStatus,
} from './checkpointed-subscriber';

/** Reads a document as the batch so far has left it (pending writes first, then the store). */
export type Lookup = <T extends ReadDocument>(collection: string, id: string) => Promise<T | null>;

export type Projection = {
  /** The checkpoint name: one position per projection. */
  name: string;
  filter: EventFilter;
  /** Collections the projection writes, opened with their indexes before it starts. Projections: rebuildable by replay. */
  collections: { name: string; indexes: Parameters<ReadStore['collection']>[1] }[];
  project: (event: StoredEvent, lookup: Lookup) => Promise<Write[]>;
};

/**
 * The document a batch of writes not yet committed leaves behind: the last
 * write of that id wins. `undefined` when the batch does not touch it (read
 * the store then); `null` when the batch deletes it. The one lookup of
 * pending writes, for the live projector and for replay.
 */
export function pendingDocument<T extends ReadDocument>(
  writes: readonly Write[],
  collection: string,
  id: string,
): T | null | undefined {
  for (let i = writes.length - 1; i >= 0; i--) {
    const w = writes[i];
    if (w.collection !== collection) continue;
    if (w.op === 'upsert' && w.doc.id === id) return w.doc as T;
    if (w.op === 'delete' && w.id === id) return null;
  }
  return undefined;
}

/** A lookup over a batch's pending writes, falling back to the opened collections. */
export function batchLookup(
  pending: () => readonly Write[],
  collections: ReadonlyMap<string, Collection<ReadDocument>>,
  projection: string,
): Lookup {
  return async <T extends ReadDocument>(collection: string, id: string): Promise<T | null> => {
    const found = pendingDocument<T>(pending(), collection, id);
    if (found !== undefined) return found;
    const opened = collections.get(collection);
    if (!opened) throw new Error(`projection ${projection} reads ${collection}, which it does not declare`);
    return (await opened.get(id)) as T | null;
  };
}

export type ProjectorState = SubscriberState;
export type ProjectorStatus = SubscriberStatus;
export type ProjectorOptions = SubscriberOptions;

/**
 * Keeps a read model up to date from the event store: a checkpointed
 * subscriber (resume after the checkpoint, batches, restart with a capped
 * backoff: see `CheckpointedSubscriber`) whose work is the projection's
 * writes. Each event is projected into writes, reading what earlier events
 * of the batch wrote; a batch's writes and its checkpoint are committed
 * together where the store allows it. The writes are version-guarded, so an
 * event projected twice after a crash changes nothing.
 */
export class Projector extends CheckpointedSubscriber<Write[]> {
  constructor(projection: Projection, events: EventStore, store: ReadStore, options: ProjectorOptions = {}) {
    const collections = new Map<string, Collection<ReadDocument>>();
    let pendingWrites: readonly Write[] = [];
    const lookup = batchLookup(() => pendingWrites, collections, projection.name);
    super(
      {
        name: projection.name,
        label: `projection ${projection.name}`,
        filter: projection.filter,
        prepare: async (event, pending) => {
          if (collections.size === 0) {
            for (const c of projection.collections) collections.set(c.name, await store.collection(c.name, c.indexes));
          }
          pendingWrites = pending.flat();
          return projection.project(event, lookup);
        },
        commit: async (work, checkpoint) => {
          await store.commit({ writes: work.flat(), checkpoint: { name: projection.name, position: checkpoint } });
        },
      },
      events,
      store,
      options,
    );
  }
}

/**
 * Resolves once the projection's committed checkpoint, as the read store
 * holds it, includes `position`; false when `timeoutMs` passes first. Works
 * whichever process runs the projection (read-your-writes for a command
 * handled in one process and projected in another).
 */
export async function waitForCheckpoint(
  events: EventStore,
  store: ReadStore,
  projection: string,
  position: string,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<boolean> {
  const deadline = Date.now() + (options.timeoutMs ?? 5000);
  for (;;) {
    const reached = await store.checkpoint(projection);
    if (reached !== null && events.comparePositions(reached, position) >= 0) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 15));
  }
}
