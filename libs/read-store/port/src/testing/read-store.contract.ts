import type { ReadStore } from '../lib/read-store';
import type { ContractContext } from './context';
import { commitContract } from './commit.contract';
import { documentsContract } from './documents.contract';
import { filtersContract } from './filters.contract';
import { indexesContract } from './indexes.contract';
import { pagingContract } from './paging.contract';

export type { ContractContext } from './context';

export interface ReadStoreHarness {
  /** Opens a store on the adapter's storage; every call opens another instance on the same storage. */
  open(): Promise<ReadStore>;
  /** Removes the storage; called once every store the suite opened is closed. */
  cleanup?(): Promise<void>;
}

/**
 * The behaviour every read store adapter guarantees, as jest tests. The
 * adapter's own spec calls this with a harness that opens its store.
 */
export function readStoreContract(adapter: string, harness: () => Promise<ReadStoreHarness>): void {
  describe(`read store contract: ${adapter}`, () => {
    let h: ReadStoreHarness | undefined;
    let main: ReadStore | undefined;
    const opened: ReadStore[] = [];
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
      unique: (prefix) => `${prefix}_${++counter}`,
    };

    beforeAll(async () => {
      h = await harness();
      main = await context.open();
    });

    afterAll(async () => {
      for (const store of opened) await store.close();
      await h?.cleanup?.();
    });

    describe('documents', () => documentsContract(context));
    describe('filters', () => filtersContract(context));
    describe('paging', () => pagingContract(context));
    describe('indexes', () => indexesContract(context));
    describe('commit and checkpoints', () => commitContract(context));
  });
}
