export * from './lib/record-transaction';
export * from './lib/transaction-read-model';
export * from './lib/pos-ingest';
export * from './lib/pos-poller';
