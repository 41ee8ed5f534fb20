import { callPos, PosRejectedError, PosUnavailableError, readJson, redact, type PosRetryOptions } from '@regicam/pos';
import { ownerMessages } from './messages';
import { jstText } from './time';

/** The vendor's endpoint; tests point `baseUrl` at the simulator's `/smaregi/webapi/access/`. */
export const SMAREGI_LEGACY_URL = 'https://webapi.smaregi.jp/access/';

export type SmaregiLegacyOptions = {
  /** The full access URL (default SMAREGI_LEGACY_URL). */
  baseUrl?: string;
  contractId: string;
  accessToken: string;
  timeoutMs?: number;
  /** Rows per page, 1..1000 (default 1000). */
  pageSize?: number;
  retry?: Omit<PosRetryOptions, 'timeoutMs'>;
};

export type SmaregiTerminal = { terminalId: string; terminalName: string; storeId: string };

type Page = { total: number; result: Record<string, unknown>[] };

/** Thrown for a request Smaregi calls malformed (HTTP 400): a bug on our side, not worth retrying. */
export class SmaregiRequestError extends Error {
  override readonly name = 'SmaregiRequestError';
}

/**
 * The legacy スマレジAPI (`transaction_ref`, `terminal_ref`). The token is
 * held in a private field and never reaches a message, an error or a log.
 */
export class SmaregiLegacyClient {
  readonly contractId: string;
  readonly #accessToken: string;
  readonly #options: Omit<SmaregiLegacyOptions, 'accessToken'>;

  constructor({ accessToken, ...options }: SmaregiLegacyOptions) {
    this.contractId = options.contractId;
    this.#accessToken = accessToken;
    this.#options = options;
  }

  /**
   * 1. credentials and 取引情報参照: read one TransactionHead row;
   * 2. the register: `terminal_ref` for the id (needs 店舗情報参照).
   * Throws PosRejectedError (credentials / permission / terminal) telling the owner what to do.
   */
  async verify(terminalId: string): Promise<SmaregiTerminal> {
    await this.call('transaction_ref', { table_name: 'TransactionHead', limit: 1, page: 1 });
    const page = await this.call('terminal_ref', { conditions: [{ 'terminalId =': terminalId }], limit: 1, page: 1 });
    const terminal = page.result.find((t) => String(t['terminalId']) === terminalId);
    if (!terminal) throw new PosRejectedError('terminal', ownerMessages.terminal(terminalId));
    return {
      terminalId,
      terminalName: String(terminal['terminalName'] ?? ''),
      storeId: String(terminal['storeId'] ?? ''),
    };
  }

  /**
   * Every TransactionHead row with `from <= updDateTime (<= to)`, all pages,
   * ordered by id. Without `to` the set only grows while we page (a changed
   * row keeps its place, a new one comes last), so no row is skipped.
   */
  async transactionsUpdatedSince(from: Date, to?: Date): Promise<Record<string, unknown>[]> {
    const limit = this.#options.pageSize ?? 1000;
    const condition: Record<string, string> = { 'updDateTime >=': jstText(from.getTime()) };
    if (to) condition['updDateTime <='] = jstText(to.getTime());
    const rows: Record<string, unknown>[] = [];
    for (let page = 1; ; page++) {
      const answer = await this.call('transaction_ref', {
        table_name: 'TransactionHead',
        conditions: [condition],
        order: ['transactionHeadId asc'],
        limit,
        page,
      });
      rows.push(...answer.result);
      if (answer.result.length < limit || rows.length >= answer.total) return rows;
    }
  }

  /**
   * The TransactionHead rows with these ids, read one id at a time (the
   * API's conditions have no "in"); an id Smaregi does not know is left out.
   */
  async transactionsByIds(ids: string[]): Promise<Record<string, unknown>[]> {
    const rows: Record<string, unknown>[] = [];
    for (const id of ids) {
      const answer = await this.call('transaction_ref', {
        table_name: 'TransactionHead',
        conditions: [{ 'transactionHeadId =': id }],
        limit: 1,
        page: 1,
      });
      rows.push(...answer.result.filter((row) => String(row['transactionHeadId']) === id));
    }
    return rows;
  }

  private async call(proc: string, params: object): Promise<Page> {
    const answer = await callPos(
      'Smaregi',
      proc,
      this.#options.baseUrl ?? SMAREGI_LEGACY_URL,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8',
          X_contract_id: this.contractId,
          X_access_token: this.#accessToken,
        },
        body: new URLSearchParams({ proc_name: proc, params: JSON.stringify(params) }).toString(),
      },
      { ...this.#options.retry, timeoutMs: this.#options.timeoutMs },
    );
    // Any status: a body that is not JSON is PosUnavailableError at once.
    const body = (readJson('Smaregi', proc, answer) ?? {}) as Record<string, unknown>;
    const posAnswer = redact(answer.text, [this.#accessToken]);
    if (answer.status === 401 || String(body['error_code']) === '1') {
      throw new PosRejectedError('credentials', ownerMessages.legacyCredentials, posAnswer);
    }
    if (answer.status === 403) throw new PosRejectedError('permission', this.permissionMessage(proc, body), posAnswer);
    if (answer.status >= 400 || 'error_code' in body) {
      throw new SmaregiRequestError(`Smaregi ${proc} refused the request (HTTP ${answer.status}): ${posAnswer}`);
    }
    if (!Array.isArray(body['result']) || Number.isNaN(Number(body['total_count']))) {
      throw new PosUnavailableError(`Smaregi ${proc}: the answer has no total_count and result`);
    }
    return { total: Number(body['total_count']), result: body['result'] as Record<string, unknown>[] };
  }

  /** 受信機能 (error_code 2) switches everything off; otherwise the proc's own feature. */
  private permissionMessage(proc: string, body: Record<string, unknown>): string {
    const said = `${String(body['error_code'])} ${String(body['error_description'] ?? '')}`;
    if (said.startsWith('2 ') || said.includes('受信機能')) return ownerMessages.receiveDisabled;
    return proc === 'transaction_ref' ? ownerMessages.transactionsReadDisabled : ownerMessages.storesReadDisabled;
  }
}
