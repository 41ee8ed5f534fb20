import type { BlobStore } from '../lib/blob-store';
import { atomicityContract } from './atomicity.contract';
import type { BlobStoreHarness, ContractContext } from './context';
import { expiryContract } from './expiry.contract';
import { idempotenceContract } from './idempotence.contract';
import { readWriteContract } from './read-write.contract';
import { validationContract } from './validation.contract';

/**
 * The behaviour every blob store adapter guarantees, as jest tests. The
 * adapter's own spec calls this with a harness that opens its store. Blob
 * ids are named after the run, so the suite also holds on storage that keeps
 * the blobs of earlier runs.
 */
export function blobStoreContract(adapter: string, harness: () => Promise<BlobStoreHarness>): void {
  describe(`blob store contract: ${adapter}`, () => {
    // Several MiB through a server, and hundreds of expiring blobs, take seconds.
    jest.setTimeout(120_000);
    const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    let h: BlobStoreHarness | undefined;
    let main: BlobStore | undefined;
    const opened: BlobStore[] = [];
    let counter = 0;
    const handedOut: string[] = [];
    const context: ContractContext = {
      store: () => {
        if (!main) throw new Error('the harness did not open a store');
        return main;
      },
      open: async (options) => {
        if (!h) throw new Error('the harness is not ready');
        const store = await h.open(options);
        opened.push(store);
        return store;
      },
      id: (name) => {
        const id = `contract/${run}/${++counter}/${name}`;
        handedOut.push(id);
        return id;
      },
    };

    beforeAll(async () => {
      h = await harness();
      main = await context.open();
    });

    // Each test removes its blobs, so that the storage stays small: FerretDB reads a whole
    // collection for every query that is not by _id (docs/blob-store.md).
    afterEach(async () => {
      for (const id of handedOut.splice(0)) await main?.delete(id);
    });

    afterAll(async () => {
      // Closing a store twice is allowed; a test may have closed one already.
      for (const store of opened) await store.close();
      await h?.cleanup?.();
    });

    describe('put, get, head and delete', () => readWriteContract(context));
    describe('idempotent put', () => idempotenceContract(context));
    describe('no partial blob', () => atomicityContract(context));
    describe('expiry', () => expiryContract(context));
    describe('validation', () => validationContract(context));
  });
}
