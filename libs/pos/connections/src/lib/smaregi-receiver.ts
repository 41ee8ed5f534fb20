import { parsePlatformWebhook, parseSmaregiPush, SmaregiPayloadError, toPosTransactions } from '@regicam/pos/smaregi';
import type { IngestLog, PosIngest } from '@regicam/transactions';
import type { PosCredentials } from './credentials';
import type { PosConnectors } from './pos-connectors';

/** An unknown contract and a wrong secret get this same answer: nothing tells them apart. */
export class UnknownPushTarget extends Error {
  override readonly name = 'UnknownPushTarget';

  constructor() {
    super('no such push URL: copy it again from the portal (スマレジ連携設定)');
  }
}

export type SmaregiReceiverOptions = {
  /** The most transaction ids one push or webhook may name (default 100). */
  maxIds?: number;
  log?: IngestLog;
};

export type ReceivedCall = {
  contractId: string;
  /** The secret of the push URL (`/webhooks/smaregi/:contractId/:secret`). */
  secret: string;
  headers: Record<string, string | string[] | undefined>;
  /** The form fields of a push (API送信設定), or the JSON body of a Platform webhook. */
  body: unknown;
};

export type ReceiverAnswer =
  { result: [{ TransactionHead: number }] } | { accepted: true; fetched: number; recorded: number };

/**
 * Smaregi's pushes (API送信設定: form-encoded rows) and Platform webhooks
 * (JSON naming transaction ids) are only a trigger: nothing in them is
 * trusted, so a forged call can record nothing Smaregi does not hold.
 * 1. The URL's secret must be a contract's push secret (compared in
 *    constant time); otherwise the same answer as an unknown contract.
 * 2. Only the transaction ids are taken from the call, at most `maxIds`.
 * 3. Those rows are read back from Smaregi with the contract's stored
 *    credentials, and recorded through the one ingest path (bad rows are
 *    dead-lettered).
 * 4. An early poll of the contract is asked for (debounced; its failure is
 *    logged, never thrown), so that changes the call did not name come soon.
 */
export class SmaregiReceiver {
  constructor(
    private readonly credentials: PosCredentials,
    private readonly connectors: PosConnectors,
    private readonly ingest: PosIngest,
    private readonly requestPoll: (key: string) => Promise<boolean>,
    private readonly options: SmaregiReceiverOptions = {},
  ) {}

  async receive(call: ReceivedCall): Promise<ReceiverAnswer> {
    // 1. whose contract, by its secret
    const found = await this.credentials.byPushSecret('smaregi', call.contractId, call.secret);
    if (!found) throw new UnknownPushTarget();
    // 2. the ids it names
    const isWebhook = header(call.headers, 'smaregi-event') !== undefined;
    const { ids, pushedRows } = isWebhook ? this.webhookIds(call) : this.pushIds(call);
    const max = this.options.maxIds ?? 100;
    if (ids.length > max) {
      throw new SmaregiPayloadError(`The call names ${ids.length} transactions; at most ${max} are taken at once`);
    }
    // 3. read back from Smaregi and record
    const key = `smaregi:${call.contractId}`;
    const rows =
      ids.length > 0 ? await this.connectors.smaregi(call.contractId, found.credential).transactionsByIds(ids) : [];
    const mapped = toPosTransactions(rows, call.contractId);
    const outcome = await this.ingest.ingest(key, mapped, isWebhook ? 'system:smaregi-webhook' : 'system:smaregi-push');
    // 4. an early poll for whatever the call did not name
    this.requestPoll(key).catch((e: unknown) =>
      this.options.log?.('warn', `${key}: early poll not scheduled: ${String(e)}`),
    );
    return isWebhook
      ? { accepted: true, fetched: rows.length, recorded: outcome.recorded }
      : { result: [{ TransactionHead: pushedRows }] };
  }

  private webhookIds(call: ReceivedCall): { ids: string[]; pushedRows: number } {
    const hook = parsePlatformWebhook(call.headers, call.body);
    if (hook.contractId !== call.contractId) {
      throw new SmaregiPayloadError('The webhook names another contract than its URL');
    }
    return { ids: unique(hook.transactionHeadIds), pushedRows: 0 };
  }

  private pushIds(call: ReceivedCall): { ids: string[]; pushedRows: number } {
    if (!call.body || typeof call.body !== 'object') throw new SmaregiPayloadError('The push has no form fields');
    const push = parseSmaregiPush(call.body as Record<string, unknown>, call.contractId);
    const ids = push.rows
      .map((row) => row?.['transactionHeadId'])
      .filter((id): id is string | number => typeof id === 'string' || typeof id === 'number')
      .map(String)
      .filter((id) => /^[0-9A-Za-z_-]{1,64}$/.test(id));
    return { ids: unique(ids), pushedRows: push.rows.length };
  }
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}

function header(headers: ReceivedCall['headers'], name: string): string | undefined {
  const found = Object.entries(headers).find(([key]) => key.toLowerCase() === name)?.[1];
  return Array.isArray(found) ? found[0] : found;
}
