import { ReadStoreError } from './errors';
import type { FieldOrder, IndexSpec, ReadDocument } from './read-store';
import { checkFieldOrders, valueAt } from './validation';

const INDEX_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

export interface NormalizedIndex {
  readonly name: string;
  readonly fields: readonly FieldOrder[];
  readonly unique: boolean;
}

/** An index as the server reports it; `key` is in the form the adapter's `keyOf` gives. */
export interface ExistingIndex {
  readonly name: string;
  readonly key: string;
  readonly unique: boolean;
}

export function normalizeIndexes(collection: string, specs: readonly IndexSpec[] = []): NormalizedIndex[] {
  if (!Array.isArray(specs)) throw new ReadStoreError(`collection '${collection}': indexes must be an array`);
  const names = new Set<string>();
  return specs.map((spec) => {
    const where = `collection '${collection}', index ${spec?.name ? `'${spec.name}'` : JSON.stringify(spec)}`;
    const fields = checkFieldOrders(spec?.fields, where);
    if (fields.length === 0) throw new ReadStoreError(`${where}: an index needs at least one field`);
    if (fields.length === 1 && fields[0][0] === 'id') throw new ReadStoreError(`${where}: 'id' is always indexed`);
    const name = spec.name ?? fields.map(([path, dir]) => `${path}_${dir}`).join('_');
    if (!INDEX_NAME.test(name)) {
      throw new ReadStoreError(`${where}: invalid index name '${name}'; use up to 100 letters, digits, '_', '.', '-'`);
    }
    if (names.has(name)) throw new ReadStoreError(`${where}: the index name '${name}' is declared twice`);
    names.add(name);
    return { name, fields, unique: spec.unique === true };
  });
}

/**
 * The declared indexes still to create. Redeclaring an index exactly is a
 * no-op; a name reused for other fields or another uniqueness, or the same
 * fields under another name, throws (MongoDB's rule, applied by every adapter:
 * FerretDB would silently keep the old index).
 */
export function indexesToCreate(
  collection: string,
  wanted: readonly NormalizedIndex[],
  existing: readonly ExistingIndex[],
  keyOf: (index: NormalizedIndex) => string,
): NormalizedIndex[] {
  return wanted.filter((index) => {
    const key = keyOf(index);
    const sameName = existing.find((e) => e.name === index.name);
    const where = `collection '${collection}', index '${index.name}'`;
    if (sameName) {
      if (sameName.key === key && sameName.unique === index.unique) return false;
      throw new ReadStoreError(
        `${where} already exists with other fields or uniqueness; drop it or choose another name`,
      );
    }
    const sameKey = existing.find((e) => e.key === key);
    if (sameKey) throw new ReadStoreError(`${where}: these fields are already indexed as '${sameKey.name}'`);
    return true;
  });
}

/** Refuses a document that lacks a value for a unique index (see IndexSpec). */
export function checkUniqueFields(collection: string, doc: ReadDocument, indexes: Iterable<NormalizedIndex>): void {
  for (const index of indexes) {
    if (!index.unique) continue;
    for (const [path] of index.fields) {
      const value = valueAt(doc, path);
      if (value === undefined || value === null) {
        throw new ReadStoreError(
          `collection '${collection}', document '${doc.id}': field '${path}' of unique index '${index.name}' must have a value`,
        );
      }
    }
  }
}
