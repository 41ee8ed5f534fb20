import type { EventStore } from '../lib/event-store';
import { appendContract } from './append.contract';
import { type ContractContext, type EventStoreHarness, type Scope, newEvent } from './context';
import { readContract } from './read.contract';
import { scaleContract } from './scale.contract';
import { subscribeContract } from './subscribe.contract';

/**
 * The behaviour every event store adapter guarantees, as jest tests. The
 * adapter's own spec calls this with a harness that opens its store. The
 * tests name their streams and types after the run, so they also hold on a
 * server that keeps the events of earlier runs.
 */
export function eventStoreContract(adapter: string, harness: () => Promise<EventStoreHarness>): void {
  describe(`event store contract: ${adapter}`, () => {
    // Subscriptions and 10 000 appends to a server take seconds.
    jest.setTimeout(180_000);
    const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    let h: EventStoreHarness | undefined;
    let main: EventStore | undefined;
    const opened: EventStore[] = [];
    let counter = 0;
    const context: ContractContext = {
      store: () => {
        if (!main) throw new Error('the harness did not open a store');
        return main;
      },
      open: async () => {
        if (!h) throw new Error('the harness is not ready');
        const store = await h.open();
        opened.push(store);
        return store;
      },
      scope: (name: string): Scope => {
        const base = `${name}_${run}_${++counter}`;
        return {
          prefix: `${base}-`,
          stream: (stream) => `${base}-${stream}`,
          type: (type) => `${type}_${run}.v1`,
          marker: async () => {
            const result = await context
              .store()
              .append(`${base}_marker`, [newEvent('Marker.v1')], { expectedRevision: 'any' });
            return result.position;
          },
        };
      },
    };

    beforeAll(async () => {
      h = await harness();
      main = await context.open();
    });

    afterAll(async () => {
      // Closing a store twice is allowed; a test may have closed one already.
      for (const store of opened) await store.close();
      await h?.cleanup?.();
    });

    describe('append', () => appendContract(context));
    describe('read', () => readContract(context));
    describe('subscribeToAll', () => subscribeContract(context));
    describe('10 000 streams', () => scaleContract(context));
  });
}
