import type { EventStore, StoredEvent } from '@regicam/event-store';
import type { Collection, ReadDocument, ReadStore, Write } from '@regicam/read-store';
import { batchLookup, type Projection } from './projector';

export type ReplayProgress = { done: number; total: number };

const PAGE = 1000;

async function* pages(events: EventStore, projection: Projection, from?: string): AsyncGenerator<StoredEvent[]> {
  let after = from;
  for (;;) {
    const page = await events.readAll({ after, maxCount: PAGE, filter: projection.filter });
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1].position;
  }
}

/**
 * Projects into `target` the events after the projection's checkpoint
 * there, page by page, each page one commit with its checkpoint. Returns
 * the number of events projected.
 */
export async function catchUpProjection(
  events: EventStore,
  target: ReadStore,
  projection: Projection,
  onPage: (done: number) => void = () => undefined,
): Promise<number> {
  const collections = new Map<string, Collection<ReadDocument>>();
  for (const c of projection.collections) collections.set(c.name, await target.collection(c.name, c.indexes));
  let done = 0;
  for await (const page of pages(events, projection, (await target.checkpoint(projection.name)) ?? undefined)) {
    const pending: Write[] = [];
    const lookup = batchLookup(() => pending, collections, projection.name);
    for (const event of page) pending.push(...(await projection.project(event, lookup)));
    await target.commit({
      writes: pending,
      checkpoint: { name: projection.name, position: page[page.length - 1].position },
    });
    done += page.length;
    onPage(done);
  }
  return done;
}

/**
 * Rebuilds a projection from the first event into `target` (a store of its
 * own, so the live read model is not touched), reporting progress.
 * Returns the number of events projected.
 */
export async function replayProjection(
  events: EventStore,
  target: ReadStore,
  projection: Projection,
  onProgress: (p: ReplayProgress) => void = () => undefined,
): Promise<number> {
  // 1. count, so that progress can be shown against a total
  let total = 0;
  for await (const page of pages(events, projection)) total += page.length;
  onProgress({ done: 0, total });
  // 2. project page by page into the empty target
  return catchUpProjection(events, target, projection, (done) => onProgress({ done, total: Math.max(total, done) }));
}

export type CollectionDifference = { collection: string; id: string; live: unknown; rebuilt: unknown };

/**
 * Compares the projection's collections in two stores document by
 * document; an empty list means the rebuilt read model equals the live one.
 * Any read model that names its collections can be compared (a topic's too).
 */
export async function compareProjection(
  live: ReadStore,
  rebuilt: ReadStore,
  projection: Pick<Projection, 'collections'>,
  limit = 20,
): Promise<CollectionDifference[]> {
  const differences: CollectionDifference[] = [];
  for (const c of projection.collections) {
    const a = await readAllDocuments(live, c.name);
    const b = await readAllDocuments(rebuilt, c.name);
    for (const id of new Set([...a.keys(), ...b.keys()])) {
      const x = a.get(id);
      const y = b.get(id);
      if (JSON.stringify(x) !== JSON.stringify(y)) {
        differences.push({ collection: c.name, id, live: x ?? null, rebuilt: y ?? null });
        if (differences.length >= limit) return differences;
      }
    }
  }
  return differences;
}

async function readAllDocuments(store: ReadStore, name: string): Promise<Map<string, unknown>> {
  const collection = await store.collection<ReadDocument>(name);
  const out = new Map<string, unknown>();
  let cursor: string | null = null;
  do {
    const page = await collection.find({}, { sort: [['id', 1]], limit: 1000, cursor });
    for (const doc of page.items) out.set(doc.id, sortKeys(doc));
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  }
  return value;
}
