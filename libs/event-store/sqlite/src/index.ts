export { SqliteEventStore, type SqliteEventStoreOptions } from './lib/sqlite-event-store';
export { EVENTS_TABLE } from './lib/events-table';
