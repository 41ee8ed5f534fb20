export { MongoReadStore, type MongoReadStoreOptions } from './lib/mongodb-read-store';
export type { MongoCollection } from './lib/mongo-collection';
