export { eventStoreContract } from './event-store.contract';
export { type ContractContext, type EventStoreHarness, type Scope, newEvent, until } from './context';
