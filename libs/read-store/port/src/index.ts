export * from './lib/read-store';
export * from './lib/errors';
export { type Comparison, type Condition, escapeRegExp, parseFilter } from './lib/filter';
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type FindPlan, planFind, toPage } from './lib/paging';
export {
  type ExistingIndex,
  type NormalizedIndex,
  checkUniqueFields,
  indexesToCreate,
  normalizeIndexes,
} from './lib/indexes';
export { checkCheckpointName, checkCollectionName, checkId, checkVersion, cleanDocument } from './lib/validation';
export { type PreparedWrite, prepareCommit, prepareDelete, prepareUpsert } from './lib/writes';
