export { KurrentEventStore, type KurrentClient, type KurrentEventStoreOptions } from './lib/kurrent-event-store';
export { comparePositions, decodePosition, encodePosition } from './lib/mapping';
