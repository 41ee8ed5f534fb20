export * from './lib/message-log';
export * from './lib/dead-letter';
export * from './lib/batch-runner';
