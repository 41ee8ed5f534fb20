import type { Filter } from '@regicam/read-store';
import type { Stores } from '@regicam/runtime';
import { TRANSACTIONS, TRANSACTION_INDEXES, type TransactionDocument } from '@regicam/transactions';

export type TransactionListOptions = {
  contract?: string;
  terminal?: string;
  date?: string;
  limit: number;
  format: 'table' | 'ndjson';
};

/** The recorded transactions, newest first (until the dashboard shows them). */
export async function listTransactions(stores: Stores, o: TransactionListOptions): Promise<string> {
  const collection = await stores.readStore.collection<TransactionDocument>(TRANSACTIONS, {
    indexes: TRANSACTION_INDEXES,
  });
  const conditions: Filter[] = [];
  if (o.contract) conditions.push({ contractId: o.contract });
  if (o.terminal) conditions.push({ terminalId: o.terminal });
  if (o.date) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(o.date)) throw new Error('--date must be a day like 2026-11-28 (Japan time)');
    const from = new Date(`${o.date}T00:00:00+09:00`);
    conditions.push({
      occurredAt: { $gte: from.toISOString(), $lt: new Date(from.getTime() + 86_400_000).toISOString() },
    });
  }
  const page = await collection.find(conditions.length ? { $and: conditions } : {}, {
    sort: [['occurredAt', -1]],
    limit: o.limit,
  });
  if (o.format === 'ndjson') return page.items.map((t) => JSON.stringify(t)).join('\n');
  if (page.items.length === 0) return 'no transactions recorded';
  const jst = (iso: string) => new Date(Date.parse(iso) + 9 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
  return page.items
    .map((t) =>
      [
        jst(t.occurredAt),
        t.provider,
        t.contractId,
        `端末${t.terminalId}`,
        t.kind.padEnd(7),
        `¥${t.total.toLocaleString('ja-JP')}`,
        `預り ¥${t.deposit.toLocaleString('ja-JP')}`,
        `お釣り ¥${t.change.toLocaleString('ja-JP')}`,
        `No.${t.receiptNo}`,
        t.staff?.name ?? '',
      ].join('  '),
    )
    .join('\n');
}
