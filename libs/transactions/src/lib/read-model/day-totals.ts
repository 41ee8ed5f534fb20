import { TRANSACTION_KINDS, type TransactionKind } from '@regicam/domain';
import type { ReadDocument } from '@regicam/read-store';

export type KindTotals = { count: number; total: number; deposit: number; change: number };
export type TotalsByKind = Record<TransactionKind, KindTotals>;

/**
 * One row's part of its day. An object, not a tuple: MongoDB-compatible
 * stores such as FerretDB refuse arrays nested in arrays.
 */
export type DayContribution = { key: string; kind: TransactionKind; total: number; deposit: number; change: number };

/**
 * The totals of one store day of one camera (`camera:<cameraId>:<day>`) or
 * of the unlinked registers of one contract (`unlinked:<provider:contract>:<day>`),
 * per kind, as the dashboard shows them above the day's list. Each row is
 * counted once, in its own kind (a cancelled payment stays a payment, its
 * cancel is a cancel), the way the POS sums its day. The contributions are
 * kept by transaction key, so a row counted again (a replayed event) changes
 * nothing; `version` is the number of rows counted.
 */
export type DayTotals = ReadDocument & {
  scope: 'camera' | 'unlinked';
  cameraId: string | null;
  contractKey: string | null;
  storeDay: string;
  rows: DayContribution[];
  totals: TotalsByKind;
};

export const cameraDayId = (cameraId: string, day: string) => `camera:${cameraId}:${day}`;
export const unlinkedDayId = (contractKey: string, day: string) => `unlinked:${contractKey}:${day}`;

export function emptyTotals(): TotalsByKind {
  const out = {} as TotalsByKind;
  for (const kind of TRANSACTION_KINDS) out[kind] = { count: 0, total: 0, deposit: 0, change: 0 };
  return out;
}

/** The sum of several totals (the days of several cameras). */
export function addTotals(list: readonly TotalsByKind[]): TotalsByKind {
  const out = emptyTotals();
  for (const totals of list) {
    for (const kind of TRANSACTION_KINDS) {
      const t = totals[kind];
      out[kind] = {
        count: out[kind].count + t.count,
        total: out[kind].total + t.total,
        deposit: out[kind].deposit + t.deposit,
        change: out[kind].change + t.change,
      };
    }
  }
  return out;
}

/** The day with one more row, or null when the row is counted already. */
export function countRow(
  current: DayTotals | null,
  base: Pick<DayTotals, 'id' | 'scope' | 'cameraId' | 'contractKey' | 'storeDay'>,
  row: DayContribution,
): DayTotals | null {
  const rows = current?.rows ?? [];
  if (rows.some((r) => r.key === row.key)) return null;
  const next = [...rows, row].sort((a, b) => (a.key < b.key ? -1 : 1));
  const totals = emptyTotals();
  for (const { kind, total, deposit, change } of next) {
    const t = totals[kind];
    totals[kind] = {
      count: t.count + 1,
      total: t.total + total,
      deposit: t.deposit + deposit,
      change: t.change + change,
    };
  }
  return { ...base, version: next.length, rows: next, totals };
}
