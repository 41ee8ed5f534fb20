export * from './lib/kafka-message-log';
