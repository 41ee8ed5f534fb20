import type { DashboardTransaction, TransactionKind, TransactionPicture } from '@regicam/portal/data-access';

/** Which rows a list shows: one camera's or the unlinked registers', of one store day, by kind and search. */
export type ListScope = {
  cameraId: string | null;
  unlinked: boolean;
  day: string;
  kind: TransactionKind | null;
  q: string;
};

const contains = (text: string | null | undefined, q: string) => !!text && text.toLowerCase().includes(q);

/**
 * Whether a row the stream brings belongs in a list, by the rules the API
 * lists by: the scope (the camera, or no camera for the unlinked list),
 * the store day, the kind, and the search on receipt number, register
 * (terminal id or name) and staff, ignoring case.
 */
export function belongsTo(row: DashboardTransaction, scope: ListScope): boolean {
  if (scope.unlinked ? row.linked : row.cameraId !== scope.cameraId) return false;
  if (row.storeDay !== scope.day) return false;
  if (scope.kind && row.kind !== scope.kind) return false;
  const q = scope.q.trim().toLowerCase();
  if (!q) return true;
  return (
    contains(row.receiptNo, q) ||
    contains(row.register.terminalId, q) ||
    contains(row.register.name, q) ||
    contains(row.staff?.name, q)
  );
}

/**
 * The rows with `row` in place: a row already listed is replaced (a
 * cancelled original comes again with its lifecycle), a new one is put
 * where its time places it (newest first). A row that no longer belongs
 * (it moved to another camera) is taken out.
 */
export function withRow(
  rows: readonly DashboardTransaction[],
  row: DashboardTransaction,
  belongs: boolean,
): DashboardTransaction[] {
  const rest = rows.filter((r) => r.transactionKey !== row.transactionKey);
  if (!belongs) return rest;
  const at = rest.findIndex(
    (r) => r.occurredAt < row.occurredAt || (r.occurredAt === row.occurredAt && r.transactionKey < row.transactionKey),
  );
  return at === -1 ? [...rest, row] : [...rest.slice(0, at), row, ...rest.slice(at)];
}

/** The rows with one row's picture replaced (the stream says it is ready, or why there is none). */
export function withPicture(
  rows: readonly DashboardTransaction[],
  transactionKey: string,
  picture: TransactionPicture,
): DashboardTransaction[] {
  return rows.map((r) => (r.transactionKey === transactionKey ? { ...r, picture } : r));
}

/** The time of a cancel's, modification's or deletion's original, when the list holds it. */
export function originalTimes(rows: readonly DashboardTransaction[]): Map<string, string> {
  const times = new Map(rows.map((r) => [r.transactionKey, r.occurredAt]));
  const out = new Map<string, string>();
  for (const r of rows) {
    const original = r.lifecycle.original;
    const at = original && times.get(original.transactionKey);
    if (at) out.set(r.transactionKey, at);
  }
  return out;
}
