import { ReadStoreError } from './errors';
import type { Filter, Scalar } from './read-store';
import { checkPath, isScalar } from './validation';

export type Comparison = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte';

/** A validated filter, which adapters translate to their query language. */
export type Condition =
  | { readonly kind: 'and'; readonly all: readonly Condition[] }
  | { readonly kind: 'or'; readonly any: readonly Condition[] }
  | { readonly kind: 'compare'; readonly path: string; readonly op: Comparison; readonly value: Scalar }
  | { readonly kind: 'in'; readonly path: string; readonly values: readonly Scalar[] }
  | { readonly kind: 'contains'; readonly path: string; readonly text: string };

const RANGE: Record<string, Comparison> = { $gt: 'gt', $gte: 'gte', $lt: 'lt', $lte: 'lte' };
const FIELD_OPERATORS = ['$eq', '$ne', '$in', '$gt', '$gte', '$lt', '$lte', '$contains'];

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value));

/** Escapes every regular expression metacharacter, so the text matches literally (JS, PCRE and Go alike). */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Validates a filter and turns it into a Condition. Fields set to undefined
 * are ignored, so optional query parameters can be passed through as they are.
 */
export function parseFilter(filter: Filter | undefined, where: string): Condition {
  if (filter === undefined) return { kind: 'and', all: [] };
  if (!isPlainObject(filter)) throw new ReadStoreError(`${where}: a filter must be an object`);
  const all: Condition[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(value) || value.length === 0) {
        throw new ReadStoreError(`${where}: ${key} needs a non-empty array of filters`);
      }
      const parts = value.map((part: Filter) => parseFilter(part, where));
      all.push(key === '$and' ? { kind: 'and', all: parts } : { kind: 'or', any: parts });
    } else if (key.startsWith('$')) {
      throw new ReadStoreError(
        `${where}: unknown operator '${key}' at the top of a filter; use $and, $or or a field path`,
      );
    } else {
      all.push(...parseField(checkPath(key, where), value, where));
    }
  }
  return all.length === 1 ? all[0] : { kind: 'and', all };
}

function parseField(path: string, value: unknown, where: string): Condition[] {
  const at = `${where}, field '${path}'`;
  if (!isPlainObject(value)) return [{ kind: 'compare', path, op: 'eq', value: scalar(path, value, at) }];
  const entries = Object.entries(value).filter(([, operand]) => operand !== undefined);
  if (entries.length === 0) throw new ReadStoreError(`${at}: no operator given`);
  return entries.map(([op, operand]): Condition => {
    if (!FIELD_OPERATORS.includes(op)) {
      throw new ReadStoreError(
        op.startsWith('$')
          ? `${at}: unknown operator '${op}'; use one of ${FIELD_OPERATORS.join(', ')}`
          : `${at}: '${op}' is not an operator; compare a nested field with a dotted path ('${path}.${op}')`,
      );
    }
    if (op === '$in') {
      if (!Array.isArray(operand)) throw new ReadStoreError(`${at}: $in needs an array`);
      return { kind: 'in', path, values: operand.map((item) => scalar(path, item, `${at}, $in`)) };
    }
    if (op === '$contains') {
      if (typeof operand !== 'string') throw new ReadStoreError(`${at}: $contains needs a string`);
      return { kind: 'contains', path, text: operand };
    }
    const compared = scalar(path, operand, `${at}, ${op}`);
    if (op in RANGE && compared === null) {
      throw new ReadStoreError(`${at}: ${op} needs a string, number or boolean, not null`);
    }
    return { kind: 'compare', path, op: RANGE[op] ?? (op === '$eq' ? 'eq' : 'ne'), value: compared };
  });
}

function scalar(path: string, value: unknown, at: string): Scalar {
  if (Array.isArray(value)) throw new ReadStoreError(`${at}: an array is not a value; use $in`);
  if (!isScalar(value) || (typeof value === 'number' && !Number.isFinite(value))) {
    throw new ReadStoreError(`${at}: compare with a string, finite number, boolean or null, not ${typeof value}`);
  }
  if (path === 'id' && typeof value !== 'string') {
    throw new ReadStoreError(`${at}: 'id' holds strings, got ${value === null ? 'null' : typeof value}`);
  }
  return value;
}
