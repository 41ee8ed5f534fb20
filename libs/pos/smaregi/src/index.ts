export * from './lib/legacy-client';
export * from './lib/platform-client';
export * from './lib/transaction-head';
export * from './lib/sources';
export * from './lib/receivers';
export { ownerMessages } from './lib/messages';
