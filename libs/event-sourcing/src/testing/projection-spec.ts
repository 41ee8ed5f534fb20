import type { EventStore } from '@regicam/event-store';
import type { ReadDocument, ReadStore } from '@regicam/read-store';
import type { Projection } from '../lib/projector';
import { catchUpProjection } from '../lib/replay';

/** An event for a projection test; appended to its stream in the order given. */
export type GivenEvent = { stream: string; type: string; data: Record<string, unknown> };

export type ProjectedDocuments = {
  /** The document as the projection left it, or null. */
  get<T extends ReadDocument>(collection: string, id: string): Promise<T | null>;
  /** Every document of the collection, by id. */
  all<T extends ReadDocument>(collection: string): Promise<T[]>;
};

/**
 * Given / When / Then for a projection, against a real event store and a
 * real read store: the `given` events are appended and projected first,
 * then the `when` events, each set in commits of its own, and `then` reads
 * what the read store holds.
 *
 *   await projectionSpec(linkProjection(), { events, store })
 *     .given(linkCreated)
 *     .when(linkRemoved)
 *     .then(async (docs) => expect(await docs.get('links', 'l1')).toMatchObject({ status: 'removed' }));
 */
export function projectionSpec(projection: Projection, stores: { events: EventStore; store: ReadStore }) {
  const { events, store } = stores;
  const append = async (list: GivenEvent[]) => {
    for (const e of list) {
      await events.append(e.stream, [{ id: crypto.randomUUID(), type: e.type, data: e.data }], {
        expectedRevision: 'any',
      });
    }
    await catchUpProjection(events, store, projection);
  };
  const docs: ProjectedDocuments = {
    get: async <T extends ReadDocument>(collection: string, id: string) =>
      (await store.collection<T>(collection)).get(id),
    all: async <T extends ReadDocument>(collection: string) =>
      (await (await store.collection<T>(collection)).find({}, { sort: [['id', 1]], limit: 1000 })).items,
  };
  return {
    given: (...given: GivenEvent[]) => ({
      when: (...when: GivenEvent[]) => ({
        then: async (check: (docs: ProjectedDocuments) => Promise<void> | void): Promise<void> => {
          await append(given);
          await append(when);
          await check(docs);
        },
      }),
    }),
  };
}
