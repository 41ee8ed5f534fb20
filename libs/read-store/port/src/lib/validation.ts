import { ReadStoreError } from './errors';
import type { FieldOrder, ReadDocument, Scalar } from './read-store';

/** Letters, digits and `_`, starting with a letter: valid as a MongoDB collection and inside an SQLite name. */
const COLLECTION_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
/** Dotted segments of letters, digits and `_`; no array indexes, no `$`. Safe to embed in SQL as a JSON path. */
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

const kindOf = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : typeof value;

export function checkCollectionName(name: unknown): string {
  if (typeof name !== 'string' || !COLLECTION_NAME.test(name)) {
    throw new ReadStoreError(
      `invalid collection name ${JSON.stringify(name)}: use 1 to 64 letters, digits or '_', starting with a letter`,
    );
  }
  return name;
}

export function checkPath(path: unknown, where: string): string {
  if (typeof path !== 'string' || !FIELD_PATH.test(path) || path === '_id' || path.startsWith('_id.')) {
    throw new ReadStoreError(
      `${where}: invalid field path ${JSON.stringify(path)}; use dotted names of letters, digits and '_' ('id', not '_id')`,
    );
  }
  return path;
}

export function checkId(id: unknown, where: string): string {
  if (typeof id !== 'string' || id.length === 0) {
    throw new ReadStoreError(`${where}: the id must be a non-empty string, got ${kindOf(id)}`);
  }
  return id;
}

export function checkVersion(version: unknown, where: string): number {
  if (typeof version !== 'number' || !Number.isFinite(version)) {
    throw new ReadStoreError(`${where}: the version must be a finite number, got ${kindOf(version)}`);
  }
  return version;
}

/**
 * A copy of the document holding only what both stores keep alike: strings,
 * finite numbers, booleans, null, arrays and plain objects. Properties set to
 * undefined are left out (as JSON does); a Date, a bigint or a class instance
 * throws, naming the field, because MongoDB and SQLite would store them differently.
 */
export function cleanDocument<T extends ReadDocument>(collection: string, doc: T): T {
  const where = `collection '${collection}'`;
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new ReadStoreError(`${where}: a document must be an object, got ${kindOf(doc)}`);
  }
  const id = checkId(doc.id, where);
  checkVersion(doc.version, `${where}, document '${id}'`);
  if ('_id' in doc) throw new ReadStoreError(`${where}, document '${id}': the field '_id' is reserved; use 'id'`);
  return cleanValue(doc, `${where}, document '${id}'`, '') as T;
}

function cleanValue(value: unknown, where: string, path: string): unknown {
  const at = () => `${where}: field '${path}'`;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ReadStoreError(`${at()} is ${value}; only finite numbers are stored`);
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      if (item === undefined) throw new ReadStoreError(`${at()}[${i}] is undefined; use null`);
      return cleanValue(item, where, `${path}[${i}]`);
    });
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      const kind = value instanceof Date ? 'a Date; store an ISO-8601 string' : 'not a plain object';
      throw new ReadStoreError(`${at()} is ${kind}`);
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const keyPath = path ? `${path}.${key}` : key;
      if (key.startsWith('$') || key.includes('.') || key.includes('\0') || key === '') {
        throw new ReadStoreError(`${where}: field name '${keyPath}' may not be empty, start with '$' or contain '.'`);
      }
      if (item !== undefined) out[key] = cleanValue(item, where, keyPath);
    }
    return out;
  }
  throw new ReadStoreError(`${at()} is a ${typeof value}, which is not stored`);
}

/** The value at a dotted path: undefined when a segment is missing. */
export function valueAt(doc: unknown, path: string): unknown {
  let current: unknown = doc;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

export function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

export function checkFieldOrders(fields: unknown, where: string): FieldOrder[] {
  if (!Array.isArray(fields)) throw new ReadStoreError(`${where}: expected an array of [path, 1 | -1]`);
  const seen = new Set<string>();
  return fields.map((entry: unknown) => {
    if (!Array.isArray(entry) || entry.length !== 2) {
      throw new ReadStoreError(`${where}: expected [path, 1 | -1], got ${JSON.stringify(entry)}`);
    }
    const path = checkPath(entry[0], where);
    if (entry[1] !== 1 && entry[1] !== -1) {
      throw new ReadStoreError(`${where}: the direction of '${path}' must be 1 or -1, got ${JSON.stringify(entry[1])}`);
    }
    if (seen.has(path)) throw new ReadStoreError(`${where}: the field '${path}' is listed twice`);
    seen.add(path);
    return [path, entry[1]] as const;
  });
}

export function checkCheckpointName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0 || name.length > 200) {
    throw new ReadStoreError(`invalid checkpoint name ${JSON.stringify(name)}: use a string of 1 to 200 characters`);
  }
  return name;
}
