export * from './lib/sqlite-message-log';
