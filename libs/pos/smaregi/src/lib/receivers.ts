import type { PosTransaction, RejectedRow } from '@regicam/pos';
import { toPosTransactions } from './transaction-head';

/** A push or webhook we cannot read: answer 400 and let the next poll pick the rows up. */
export class SmaregiPayloadError extends Error {
  override readonly name = 'SmaregiPayloadError';
}

export type SmaregiPush = {
  /** The TransactionHead rows as pushed. */
  rows: Record<string, unknown>[];
  transactions: PosTransaction[];
  rejected: RejectedRow[];
  /** What the receiver answers Smaregi: how many TransactionHead rows it took. */
  answer: { result: [{ TransactionHead: number }] };
};

/**
 * API送信設定: Smaregi POSTs form-encoded `params` holding
 * `{"data":[{"table_name":"TransactionHead","rows":[...]}, ...]}`. Tables
 * other than TransactionHead are ignored. The contract comes from the
 * receiving URL (one per contract): the push's headers are not documented.
 */
export function parseSmaregiPush(
  formBody: string | URLSearchParams | Record<string, unknown>,
  contractId: string,
): SmaregiPush {
  const params =
    typeof formBody === 'string'
      ? new URLSearchParams(formBody).get('params')
      : formBody instanceof URLSearchParams
        ? formBody.get('params')
        : formBody['params'];
  if (typeof params !== 'string') throw new SmaregiPayloadError('The push has no params field');
  let parsed: unknown;
  try {
    parsed = JSON.parse(params);
  } catch {
    throw new SmaregiPayloadError('The push params are not JSON');
  }
  const data = (parsed as { data?: unknown })?.data;
  if (!Array.isArray(data)) throw new SmaregiPayloadError('The push params have no data list');
  const rows = data
    .filter((table) => table?.table_name === 'TransactionHead')
    .flatMap((table) => (Array.isArray(table.rows) ? (table.rows as Record<string, unknown>[]) : []));
  const { transactions, rejected } = toPosTransactions(rows, contractId);
  return { rows, transactions, rejected, answer: { result: [{ TransactionHead: rows.length }] } };
}

export type SmaregiWebhook = { contractId: string; eventId: string; action: string; transactionHeadIds: string[] };

type Headers = Record<string, string | string[] | undefined> | globalThis.Headers;

function header(headers: Headers, name: string): string {
  if (headers instanceof globalThis.Headers) return headers.get(name) ?? '';
  const found = Object.entries(headers).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
  return (Array.isArray(found) ? found[0] : found) ?? '';
}

/**
 * A Platform webhook: headers Smaregi-Contract-Id, Smaregi-Event
 * (`pos:transactions`), Smaregi-Event-Id; JSON body naming the ids, which the
 * receiver then fetches (`SmaregiPlatformClient.transactionsByIds`). The
 * event id lets a receiver drop a redelivery; recording is idempotent anyway.
 */
export function parsePlatformWebhook(headers: Headers, body: unknown): SmaregiWebhook {
  const contractId = header(headers, 'Smaregi-Contract-Id');
  const event = header(headers, 'Smaregi-Event');
  const eventId = header(headers, 'Smaregi-Event-Id');
  if (!contractId || !event || !eventId) {
    throw new SmaregiPayloadError('The webhook lacks Smaregi-Contract-Id, Smaregi-Event or Smaregi-Event-Id');
  }
  if (event !== 'pos:transactions') throw new SmaregiPayloadError(`The webhook event ${event} is not pos:transactions`);
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new SmaregiPayloadError('The webhook body is not JSON');
    }
  }
  const payload = (parsed ?? {}) as Record<string, unknown>;
  if (payload['contractId'] !== undefined && String(payload['contractId']) !== contractId) {
    throw new SmaregiPayloadError('The webhook body names another contract than its Smaregi-Contract-Id header');
  }
  const ids = payload['transactionHeadIds'];
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string' || typeof id === 'number')) {
    throw new SmaregiPayloadError('The webhook body has no transactionHeadIds list');
  }
  return { contractId, eventId, action: String(payload['action'] ?? ''), transactionHeadIds: ids.map(String) };
}
