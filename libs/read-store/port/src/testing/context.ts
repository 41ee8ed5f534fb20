import type { ReadStore } from '../lib/read-store';

/** What every part of the contract shares: one store, and a way to reopen the same storage. */
export interface ContractContext {
  readonly store: () => ReadStore;
  /** Another store instance on the same storage, closed at the end of the suite. */
  readonly open: () => Promise<ReadStore>;
  /** A collection or checkpoint name no other test of this run uses. */
  readonly unique: (prefix: string) => string;
}
