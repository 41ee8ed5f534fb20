export * from './read-topic';
