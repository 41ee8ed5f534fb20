export * from './records';
export * from './reader-gate';
