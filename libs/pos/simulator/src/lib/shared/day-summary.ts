/** Amounts summed over rows: how many, 合計, 預り, お釣り. */
export type Sum = { count: number; total: number; deposit: number; change: number };

/**
 * A POS's own account of one business day (Japan time) per kind of row, as
 * its daily report (日報) adds it up: sales rung up, cancels (取消), reversing
 * rows of a correction (打消し), sales deleted before closing. Worked out
 * from the simulator's own rows, in the vendor's terms, so a test can hold
 * what RegiCam made of the same day against it.
 */
export type DaySummary = { sales: Sum; cancels: Sum; reversals: Sum; deletions: Sum };

export const emptySummary = (): DaySummary => ({
  sales: { count: 0, total: 0, deposit: 0, change: 0 },
  cancels: { count: 0, total: 0, deposit: 0, change: 0 },
  reversals: { count: 0, total: 0, deposit: 0, change: 0 },
  deletions: { count: 0, total: 0, deposit: 0, change: 0 },
});

export function addTo(sum: Sum, total: number, deposit: number, change: number): void {
  sum.count++;
  sum.total += total;
  sum.deposit += deposit;
  sum.change += change;
}

/** The Japan day of a time in milliseconds. */
export const japanDay = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);
