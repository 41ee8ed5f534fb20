export * from './lib/message-log';
export * from './lib/dead-letter';
export * from './lib/batch-runner';
export * from './lib/commit-coalescer';
export * from './lib/checks';
export * from './lib/topic-differences';
export * from './lib/reader-partitions';
export * from './lib/read-topic';
