export * from './message-log.contract';
