import type { PosTransaction, RejectedRow } from '@regicam/pos';
import { isoJst, parseSmaregiTime } from './time';

export type Mapped = {
  transactions: PosTransaction[];
  rejected: RejectedRow[];
  /** Rows that are not sales (deposits, withdrawals, points…): read and left aside. */
  skipped: number;
};

const ID = /^[A-Za-z0-9_.:@]{1,64}$/;
const AMOUNT = /^-?\d+(\.\d+)?$/;

/** A field as text: the legacy API sends strings, the Platform API strings or numbers. */
function text(row: Record<string, unknown>, field: string): string {
  const value = row[field];
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

/**
 * TransactionHead rows (legacy: strings, `charge`; Platform: camelCase,
 * `change`) to POS transactions, by the table in docs/pos-smaregi.md:
 * - a sale (transactionHeadDivision 1) is a payment under its own id; a
 *   reversing row (disposeDivision 2) or a return (returnSales 1) is a
 *   modify referring to disposeServerTransactionHeadId;
 * - a row flagged cancelDivision 1 also yields `<id>#cancel` (kind cancel,
 *   refersTo the id), so the payment stays recorded and the cancel is
 *   recorded once however often the row is read;
 * - other divisions are skipped; a row without a usable id, register time,
 *   amount, store or terminal is rejected with the reason, never guessed.
 */
export function toPosTransactions(rows: unknown[], contractId: string): Mapped {
  const out: Mapped = { transactions: [], rejected: [], skipped: 0 };
  for (const raw of rows) {
    const result = mapRow(raw, contractId);
    if (result === 'skip') out.skipped++;
    else if (typeof result === 'string') out.rejected.push({ raw, reason: result });
    else out.transactions.push(...result);
  }
  return out;
}

function mapRow(raw: unknown, contractId: string): PosTransaction[] | 'skip' | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'not an object';
  const row = raw as Record<string, unknown>;
  const id = text(row, 'transactionHeadId');
  if (!ID.test(id)) return id ? `transactionHeadId ${id} is not a usable id` : 'transactionHeadId is missing';
  const division = text(row, 'transactionHeadDivision');
  if (!division) return 'transactionHeadDivision is missing';
  if (division !== '1') return 'skip';
  const occurred = parseSmaregiTime(row['terminalTranDateTime']);
  if (Number.isNaN(occurred))
    return `terminalTranDateTime ${JSON.stringify(row['terminalTranDateTime'])} is not a time`;
  const amounts: Record<'total' | 'deposit' | 'change', number> = { total: 0, deposit: 0, change: 0 };
  for (const [field, source, required] of [
    ['total', 'total', true],
    ['deposit', 'deposit', false],
    ['change', 'change' in row ? 'change' : 'charge', false],
  ] as const) {
    const value = text(row, source);
    if (!value && !required) continue;
    if (!AMOUNT.test(value)) return `${source} ${JSON.stringify(row[source] ?? null)} is not a number`;
    amounts[field] = Number(value);
  }
  const storeId = text(row, 'storeId');
  const terminalId = text(row, 'terminalId');
  if (!ID.test(storeId)) return `storeId ${JSON.stringify(row['storeId'] ?? null)} is not a usable id`;
  if (!ID.test(terminalId)) return `terminalId ${JSON.stringify(row['terminalId'] ?? null)} is not a usable id`;
  const staffId = text(row, 'staffId');
  const reversal = text(row, 'disposeDivision') === '2' || text(row, 'returnSales') === '1';
  const sale: PosTransaction = {
    transactionId: id,
    provider: 'smaregi',
    contractId,
    storeId,
    terminalId,
    receiptNo: text(row, 'terminalTranId') || text(row, 'slipNumber'),
    kind: reversal ? 'modify' : 'payment',
    occurredAt: isoJst(occurred),
    ...amounts,
    currency: 'JPY',
    staff: staffId ? { id: staffId, name: text(row, 'staffName') } : null,
    refersTo: reversal ? text(row, 'disposeServerTransactionHeadId') || null : null,
  };
  if (text(row, 'cancelDivision') !== '1') return [sale];
  // The cancel's moment: cancelDateTime, else the row's last change, else the sale's own time.
  const cancelled = [row['cancelDateTime'], row['updDateTime']].map(parseSmaregiTime).find((ms) => !Number.isNaN(ms));
  const cancel: PosTransaction = {
    ...sale,
    transactionId: `${id}#cancel`,
    kind: 'cancel',
    occurredAt: isoJst(cancelled ?? occurred),
    refersTo: id,
  };
  return [sale, cancel];
}
