import { ReadStoreError } from './errors';
import type { Checkpoint, CommitRequest, ReadDocument } from './read-store';
import { type NormalizedIndex, checkUniqueFields } from './indexes';
import { checkCheckpointName, checkId, checkVersion, cleanDocument } from './validation';

/** A validated write: the document is a clean copy, safe to store as it is. */
export type PreparedWrite =
  | { readonly collection: string; readonly op: 'upsert'; readonly doc: ReadDocument }
  | { readonly collection: string; readonly op: 'delete'; readonly id: string; readonly version?: number };

export function prepareUpsert<T extends ReadDocument>(
  collection: string,
  doc: T,
  indexes: Iterable<NormalizedIndex>,
): T {
  const clean = cleanDocument(collection, doc);
  checkUniqueFields(collection, clean, indexes);
  return clean;
}

export function prepareDelete(collection: string, id: unknown, version: unknown): { id: string; version?: number } {
  const where = `collection '${collection}', delete`;
  const checked = checkId(id, where);
  return version === undefined ? { id: checked } : { id: checked, version: checkVersion(version, where) };
}

/**
 * Validates a whole commit before any of it is applied, so a bad write never
 * leaves the batch half done. `indexesOf` returns the indexes of a collection
 * opened on this store, or undefined when it was not opened.
 */
export function prepareCommit(
  request: CommitRequest,
  indexesOf: (collection: string) => Iterable<NormalizedIndex> | undefined,
): { writes: PreparedWrite[]; checkpoint: Checkpoint } {
  if (!request || !Array.isArray(request.writes)) throw new ReadStoreError('commit: writes must be an array');
  const name = checkCheckpointName(request.checkpoint?.name);
  const position = request.checkpoint?.position;
  if (typeof position !== 'string' || position.length === 0) {
    throw new ReadStoreError(`commit: checkpoint '${name}' needs a non-empty string position`);
  }
  const writes = request.writes.map((write, i): PreparedWrite => {
    const indexes = indexesOf(write?.collection);
    if (indexes === undefined) {
      throw new ReadStoreError(
        `commit: write ${i} names collection ${JSON.stringify(write?.collection)}, which is not open on this store; ` +
          `call store.collection(name) first`,
      );
    }
    if (write.op === 'upsert') {
      return { collection: write.collection, op: 'upsert', doc: prepareUpsert(write.collection, write.doc, indexes) };
    }
    if (write.op === 'delete')
      return {
        collection: write.collection,
        op: 'delete',
        ...prepareDelete(write.collection, write.id, write.version),
      };
    throw new ReadStoreError(
      `commit: write ${i} has unknown op ${JSON.stringify((write as { op?: unknown }).op)}; use 'upsert' or 'delete'`,
    );
  });
  return { writes, checkpoint: { name, position } };
}
