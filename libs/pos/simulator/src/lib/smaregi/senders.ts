import { randomUUID } from 'node:crypto';
import type { TransactionHeadRow } from './transaction-head';

export type SentAnswer = { status: number; body: string };

async function send(url: string, init: RequestInit): Promise<SentAnswer> {
  const response = await fetch(url, { ...init, method: 'POST', signal: AbortSignal.timeout(10_000) });
  return { status: response.status, body: await response.text() };
}

/**
 * API送信設定: Smaregi POSTs form-encoded `params` holding
 * `{"data":[{"table_name":"TransactionHead","rows":[...]}]}`. Headers are not
 * public; the simulator adds `X_contract_id` (assumption) and the receiver
 * should rather know the contract from the URL it gave.
 */
export function pushRows(url: string, contractId: string, rows: TransactionHeadRow[]): Promise<SentAnswer> {
  const params = JSON.stringify({ data: [{ table_name: 'TransactionHead', rows }] });
  return send(url, {
    headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8', X_contract_id: contractId },
    body: new URLSearchParams({ params }).toString(),
  });
}

/** A Platform webhook: JSON body, event headers; the receiver then fetches the ids. */
export function sendWebhook(url: string, contractId: string, ids: string[]): Promise<SentAnswer> {
  return send(url, {
    headers: {
      'Content-Type': 'application/json',
      'Smaregi-Contract-Id': contractId,
      'Smaregi-Event': 'pos:transactions',
      'Smaregi-Event-Id': randomUUID(),
    },
    body: JSON.stringify({ contractId, event: 'pos:transactions', action: 'created', transactionHeadIds: ids }),
  });
}
