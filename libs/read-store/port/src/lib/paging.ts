import { ReadStoreError } from './errors';
import { type Condition, parseFilter } from './filter';
import type { FieldOrder, Filter, FindOptions, Page, ReadDocument, Scalar, SortDirection } from './read-store';
import { checkFieldOrders, isScalar, valueAt } from './validation';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/**
 * What an adapter runs for one page: rows matching `where`, in `sort` order,
 * at most `limit + 1` of them (the extra row says whether a next page exists).
 */
export interface FindPlan {
  readonly where: Condition;
  /** The requested sort, always ending with `id`, so the order is total. */
  readonly sort: readonly FieldOrder[];
  readonly limit: number;
}

interface CursorBody {
  /** The sort the cursor was made for. */
  readonly s: string;
  /** The sort values of the last row of the previous page, `id` last. */
  readonly v: Scalar[];
}

const signature = (sort: readonly FieldOrder[]) => sort.map(([path, dir]) => `${path}:${dir}`).join(',');

/**
 * Keyset paging: the next page holds the rows strictly after the last row
 * of the previous one in the total order, so rows inserted or deleted
 * between pages never make another row appear twice or go missing.
 */
export function planFind(filter: Filter | undefined, options: FindOptions = {}, where: string): FindPlan {
  const condition = parseFilter(filter, where);
  const requested = checkFieldOrders(options.sort ?? [], `${where}, sort`);
  const idAt = requested.findIndex(([path]) => path === 'id');
  const sort: FieldOrder[] =
    idAt >= 0 ? requested.slice(0, idAt + 1) : [...requested, ['id', requested.at(-1)?.[1] ?? 1]];
  const limit = options.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new ReadStoreError(`${where}: limit must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${limit}`);
  }
  if (options.cursor === undefined || options.cursor === null) return { where: condition, sort, limit };
  const after = afterRow(sort, decodeCursor(options.cursor, sort, where));
  return { where: { kind: 'and', all: [condition, after] }, sort, limit };
}

/** Cuts the rows an adapter fetched for a plan into a page and its cursor. */
export function toPage<T extends ReadDocument>(rows: T[], plan: FindPlan, where: string): Page<T> {
  if (rows.length <= plan.limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, plan.limit);
  const last = items[items.length - 1];
  const values = plan.sort.map(([path]) => {
    const value = valueAt(last, path) ?? null;
    if (!isScalar(value)) {
      throw new ReadStoreError(`${where}: sort field '${path}' of document '${last.id}' is not a scalar value`);
    }
    return value;
  });
  const body: CursorBody = { s: signature(plan.sort), v: values };
  return { items, nextCursor: Buffer.from(JSON.stringify(body)).toString('base64url') };
}

function decodeCursor(cursor: string, sort: readonly FieldOrder[], where: string): Scalar[] {
  let body: Partial<CursorBody>;
  try {
    body = JSON.parse(Buffer.from(String(cursor), 'base64url').toString('utf8'));
  } catch {
    throw new ReadStoreError(`${where}: the cursor is not one this store returned`);
  }
  if (body?.s !== signature(sort)) {
    throw new ReadStoreError(`${where}: the cursor was made for another sort; pass the sort of the first page`);
  }
  const values = body.v;
  if (
    !Array.isArray(values) ||
    values.length !== sort.length ||
    !values.every(isScalar) ||
    typeof values.at(-1) !== 'string'
  ) {
    throw new ReadStoreError(`${where}: the cursor is not one this store returned`);
  }
  return values;
}

/** Rows strictly after the given sort values, in the total order of `sort`. */
function afterRow(sort: readonly FieldOrder[], values: readonly Scalar[]): Condition {
  const branches: Condition[] = [];
  sort.forEach(([path, dir], i) => {
    const past = beyond(path, dir, values[i]);
    if (past === null) return;
    const same = sort
      .slice(0, i)
      .map(([p], j): Condition => ({ kind: 'compare', path: p, op: 'eq', value: values[j] }));
    branches.push({ kind: 'and', all: [...same, past] });
  });
  return { kind: 'or', any: branches };
}

/** Values strictly beyond `value` on one key. Null (and missing) sorts first, as in MongoDB. */
function beyond(path: string, dir: SortDirection, value: Scalar): Condition | null {
  if (dir === 1) return { kind: 'compare', path, op: value === null ? 'ne' : 'gt', value };
  if (value === null) return null;
  const less: Condition = { kind: 'compare', path, op: 'lt', value };
  // Descending, null and missing values come last; an id is never null.
  return path === 'id' ? less : { kind: 'or', any: [less, { kind: 'compare', path, op: 'eq', value: null }] };
}
