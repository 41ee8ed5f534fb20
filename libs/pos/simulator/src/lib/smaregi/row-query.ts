import type { TransactionHeadRow } from './transaction-head';

export type Operator = '>=' | '<=' | '>' | '<' | '=';
export type Condition = { field: string; op: Operator; value: string };
export type Order = { field: string; desc: boolean };

const NUMBER = /^-?\d+(\.\d+)?$/;

/** Numbers compare as numbers (ids, amounts); anything else as text, which orders `YYYY-MM-DD HH:mm:ss` times. */
export function compareValues(a: string, b: string): number {
  if (NUMBER.test(a) && NUMBER.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

export function matches(row: TransactionHeadRow, conditions: Condition[]): boolean {
  return conditions.every(({ field, op, value }) => {
    const actual = row[field];
    if (actual === undefined) return false;
    const c = compareValues(actual, value);
    return op === '>=' ? c >= 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : op === '<' ? c < 0 : c === 0;
  });
}

/** Sorted copy; ties keep insertion order (Array.prototype.sort is stable). */
export function sortRows(rows: TransactionHeadRow[], order: Order[]): TransactionHeadRow[] {
  return [...rows].sort((a, b) => {
    for (const { field, desc } of order) {
      const c = compareValues(a[field] ?? '', b[field] ?? '');
      if (c !== 0) return desc ? -c : c;
    }
    return 0;
  });
}

/** Page `page` (from 1) of `limit` rows. */
export function pageOf<T>(rows: T[], limit: number, page: number): T[] {
  return rows.slice((page - 1) * limit, page * limit);
}
