export { type ReadStoreHarness, readStoreContract } from './read-store.contract';
