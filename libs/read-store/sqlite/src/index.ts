export { SqliteReadStore } from './lib/sqlite-read-store';
