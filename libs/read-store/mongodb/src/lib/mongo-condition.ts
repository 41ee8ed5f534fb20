import { type Condition, type FieldOrder, escapeRegExp } from '@regicam/read-store';
import type { Document } from 'mongodb';

/** The port's `id` is MongoDB's `_id`; every other path is used as it is. */
export const fieldOf = (path: string): string => (path === 'id' ? '_id' : path);

const OPERATOR = { eq: '$eq', ne: '$ne', gt: '$gt', gte: '$gte', lt: '$lt', lte: '$lte' } as const;

/**
 * A condition as a MongoDB query, using only operators FerretDB 1.24 also
 * implements. The port's semantics are MongoDB's own (null matches missing,
 * comparisons stay within one type), so the translation is direct.
 */
export function toMongo(condition: Condition): Document {
  switch (condition.kind) {
    case 'and':
      return condition.all.length === 0 ? {} : { $and: condition.all.map(toMongo) };
    case 'or':
      return condition.any.length === 0 ? { _id: { $in: [] } } : { $or: condition.any.map(toMongo) };
    case 'in':
      return { [fieldOf(condition.path)]: { $in: condition.values } };
    case 'contains':
      // Escaped: the text matches literally; `i` folds case the Unicode way (PCRE in MongoDB, Go in FerretDB).
      return { [fieldOf(condition.path)]: { $regex: escapeRegExp(condition.text), $options: 'i' } };
    case 'compare':
      return { [fieldOf(condition.path)]: { [OPERATOR[condition.op]]: condition.value } };
    default:
      return unreachable(condition);
  }
}

const unreachable = (condition: never): never => {
  throw new Error(`unknown condition ${JSON.stringify(condition)}`);
};

export const sortOf = (sort: readonly FieldOrder[]): Record<string, 1 | -1> =>
  Object.fromEntries(sort.map(([path, dir]) => [fieldOf(path), dir]));

/** An index key as text, to compare declared indexes with those the server lists. */
export const keyText = (entries: ReadonlyArray<readonly [string, unknown]>): string =>
  entries.map(([field, dir]) => `${field}:${Number(dir)}`).join(',');
