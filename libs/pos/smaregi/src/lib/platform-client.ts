import {
  callPos,
  PosRejectedError,
  PosUnavailableError,
  readJson,
  redact,
  type PosHttpAnswer,
  type PosRetryOptions,
} from '@regicam/pos';
import { SmaregiRequestError, type SmaregiTerminal } from './legacy-client';
import { ownerMessages } from './messages';
import { isoJst } from './time';

export type SmaregiPlatformOptions = {
  /** Default https://id.smaregi.jp; the simulator's is `<url>/smaregi/id`. */
  idBaseUrl?: string;
  /** Default https://api.smaregi.jp; the simulator's is `<url>/smaregi/api`. */
  apiBaseUrl?: string;
  contractId: string;
  clientId: string;
  clientSecret: string;
  scopes?: string[];
  timeoutMs?: number;
  /** Rows per page, 1..1000 (default 1000). */
  pageSize?: number;
  retry?: Omit<PosRetryOptions, 'timeoutMs'>;
  /** Our clock, for the token's expiry (default Date.now). */
  now?: () => number;
};

type SmaregiAnswer = PosHttpAnswer & { body: unknown };

/** The Platform API refuses ranges longer than this. */
export const MAX_RANGE_MS = 31 * 24 * 3_600_000;
/** A token is renewed this long before it expires. */
const TOKEN_MARGIN_MS = 60_000;

/**
 * The Smaregi Platform API (client-credentials app token, `/pos/transactions`).
 * The token is cached until shortly before it expires and renewed once on a
 * 401; the secret and token live in private fields and never reach an error.
 */
export class SmaregiPlatformClient {
  readonly contractId: string;
  readonly #secret: string;
  readonly #options: Omit<SmaregiPlatformOptions, 'clientSecret'>;
  #token: { value: string; expiresAt: number } | null = null;

  constructor({ clientSecret, ...options }: SmaregiPlatformOptions) {
    this.contractId = options.contractId;
    this.#secret = clientSecret;
    this.#options = options;
  }

  /** Checks the app's credentials and scopes, and that the register exists. */
  async verify(terminalId: string): Promise<SmaregiTerminal> {
    const terminals = (await this.get('terminals', '/pos/terminals', {})) as Record<string, unknown>[];
    const found = Array.isArray(terminals) ? terminals.find((t) => String(t['terminalId']) === terminalId) : undefined;
    if (!found) throw new PosRejectedError('terminal', ownerMessages.terminal(terminalId));
    return { terminalId, terminalName: String(found['terminalName'] ?? ''), storeId: String(found['storeId'] ?? '') };
  }

  /** Rows with `from <= updDateTime <= to`, in windows of at most 31 days, all pages, each id once. */
  async transactionsUpdatedSince(from: Date, to: Date): Promise<Record<string, unknown>[]> {
    const limit = this.#options.pageSize ?? 1000;
    const byId = new Map<string, Record<string, unknown>>();
    for (let start = from.getTime(); start <= to.getTime(); start += MAX_RANGE_MS) {
      const end = Math.min(start + MAX_RANGE_MS, to.getTime());
      for (let page = 1; ; page++) {
        const query = {
          'upd_date_time-from': isoJst(start),
          'upd_date_time-to': isoJst(end),
          sort: 'transactionHeadId',
        };
        const rows = await this.get('transactions', '/pos/transactions', {
          ...query,
          limit: String(limit),
          page: String(page),
        });
        if (!Array.isArray(rows)) throw new PosUnavailableError('Smaregi transactions: the answer is not a list');
        for (const row of rows as Record<string, unknown>[])
          byId.set(String(row?.['transactionHeadId'] ?? byId.size), row);
        if (rows.length < limit) break;
      }
      if (end === to.getTime()) break;
    }
    return [...byId.values()];
  }

  /** The rows a webhook named, fetched one by one. */
  async transactionsByIds(ids: string[]): Promise<Record<string, unknown>[]> {
    const rows: Record<string, unknown>[] = [];
    for (const id of ids) {
      const row = await this.get('transaction', `/pos/transactions/${encodeURIComponent(id)}`, {}, { missing: null });
      if (row !== null) rows.push(row as Record<string, unknown>);
    }
    return rows;
  }

  /** A GET; with `missing`, a 404 answers that value instead of an error. */
  private async get(
    what: string,
    path: string,
    query: Record<string, string>,
    options: { missing?: unknown } = {},
  ): Promise<unknown> {
    const url = `${this.#options.apiBaseUrl ?? 'https://api.smaregi.jp'}/${encodeURIComponent(this.contractId)}${path}`;
    const search = new URLSearchParams(query).toString();
    for (let renewed = false; ; renewed = true) {
      const token = await this.token();
      const answer = await this.call(what, search ? `${url}?${search}` : url, {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (answer.status === 401 && !renewed) {
        this.#token = null;
        continue;
      }
      if (answer.status === 404 && 'missing' in options) return options.missing;
      return this.judge(what, answer);
    }
  }

  /** The cached app token, or a new one. */
  private async token(): Promise<string> {
    const now = this.#options.now?.() ?? Date.now();
    if (this.#token && this.#token.expiresAt - TOKEN_MARGIN_MS > now) return this.#token.value;
    const basic = Buffer.from(`${this.#options.clientId}:${this.#secret}`).toString('base64');
    const scopes = this.#options.scopes ?? ['pos.transactions:read', 'pos.stores:read'];
    const answer = await this.call(
      'token',
      `${this.#options.idBaseUrl ?? 'https://id.smaregi.jp'}/app/${encodeURIComponent(this.contractId)}/token`,
      {
        method: 'POST',
        headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: scopes.join(' ') }).toString(),
      },
    );
    if (answer.status === 400 || answer.status === 401) {
      throw new PosRejectedError('credentials', ownerMessages.platformCredentials, this.redacted(answer));
    }
    const body = this.judge('token', answer) as Record<string, unknown>;
    const value = body?.['access_token'];
    if (typeof value !== 'string') throw new PosUnavailableError('Smaregi token: the answer has no access_token');
    this.#token = { value, expiresAt: now + Number(body['expires_in'] ?? 0) * 1000 };
    return value;
  }

  /** One call; the body is read as JSON at once (not JSON: PosUnavailableError, whatever the status). */
  private async call(what: string, url: string, init: RequestInit): Promise<SmaregiAnswer> {
    const answer = await callPos('Smaregi', what, url, init, {
      ...this.#options.retry,
      timeoutMs: this.#options.timeoutMs,
    });
    return { ...answer, body: readJson('Smaregi', what, answer) };
  }

  private judge(what: string, answer: SmaregiAnswer): unknown {
    if (answer.status === 401) {
      throw new PosRejectedError('credentials', ownerMessages.platformCredentials, this.redacted(answer));
    }
    if (answer.status === 403) {
      const detail = String((answer.body as Record<string, unknown>)?.['detail'] ?? '');
      throw new PosRejectedError('permission', ownerMessages.platformScope(detail), this.redacted(answer));
    }
    if (answer.status >= 400) {
      throw new SmaregiRequestError(
        `Smaregi ${what} refused the request (HTTP ${answer.status}): ${this.redacted(answer)}`,
      );
    }
    return answer.body;
  }

  private redacted(answer: PosHttpAnswer): string {
    return redact(answer.text, [this.#secret, this.#token?.value ?? '']);
  }
}
