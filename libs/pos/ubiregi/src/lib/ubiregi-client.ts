import {
  callPos,
  PosRejectedError,
  PosUnavailableError,
  readJson,
  type PosHttpAnswer,
  type PosRetryOptions,
} from '@regicam/pos';
import { z } from 'zod';
import { AccountAnswer, terminalsOf, toAccount, type TerminalMapping, type UbiregiAccount } from './checkout-mapping';
import { posAnswer, ubiregiRetry } from './http';
import { PERMISSION_MESSAGE, RECONNECT_MESSAGE, SUBSCRIPTION_MESSAGE } from './messages';
import type { UbiregiOAuth, UbiregiTokens } from './ubiregi-oauth';

export type UbiregiClientOptions = {
  /** `https://ubiregi.com/api/3` (or the simulator's). */
  apiBaseUrl: string;
  tokens: UbiregiTokens;
  /** Needed to refresh; without it an expired token means connecting again. */
  oauth?: UbiregiOAuth;
  /** Called with every new set of tokens (awaited before the call goes on) so the caller can seal and store them. */
  onTokens?: (tokens: UbiregiTokens) => void | Promise<void>;
  /**
   * Renews the grant instead of refreshing here: given the tokens found
   * stale, resolves to the tokens to use (refreshed by whoever refreshes
   * the grant, or already stored by another caller). With it, `oauth` and
   * `onTokens` are not used for refreshing.
   */
  renew?: (stale: UbiregiTokens) => Promise<UbiregiTokens>;
  /** Installs from before OAuth2 send the token in `X-Ubiregi-Auth-Token`. */
  authHeader?: 'bearer' | 'x-ubiregi-auth-token';
  terminalMapping?: TerminalMapping;
  retry?: PosRetryOptions;
  /** A `next-url` chain longer than this is a fault, not data (default 10 000 pages). */
  maxPages?: number;
  now?: () => Date;
};

export type CheckoutsBatch = {
  /** The server's time the batch was read up to (`until`): where the next read starts. */
  timestamp: string;
  checkouts: unknown[];
  pages: number;
};

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const CheckoutsAnswer = z.object({
  timestamp: z.string().regex(ISO_TIME),
  'next-url': z.string().nullish(),
  checkouts: z.array(z.unknown()),
});

/** Refresh this long before the token says it expires, so that no call arrives with a dead token. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * Ubiregi API 3 for one grant (one account). Tokens are refreshed when
 * they have expired, or once on a 401 when a refresh token exists; each
 * new set goes to `onTokens`. Errors say what the owner must do and never
 * carry a token.
 */
export class UbiregiClient {
  private tokens: UbiregiTokens;
  private refreshing: Promise<void> | null = null;
  readonly terminalMapping: TerminalMapping;

  constructor(private readonly options: UbiregiClientOptions) {
    this.tokens = options.tokens;
    this.terminalMapping = options.terminalMapping ?? { by: 'account' };
  }

  async currentAccount(): Promise<UbiregiAccount> {
    const parsed = AccountAnswer.safeParse(await this.get('account', this.url('/accounts/current')));
    if (!parsed.success)
      throw new PosUnavailableError('Ubiregi account: the answer is not an account; try again later');
    return toAccount(parsed.data);
  }

  /** The registers of the account, from the terminal mapping (Ubiregi does not list them). */
  async terminals(): Promise<{ terminalId: string; name: string }[]> {
    return terminalsOf(await this.currentAccount(), this.terminalMapping);
  }

  /**
   * Every checkout updated since `since`, following `next-url` to the end.
   * The pages share one `until` (the first answer's timestamp), so a
   * checkout updated while they are read comes in the next read.
   */
  async checkoutsSince(since: Date, accountId = 'current', until?: Date): Promise<CheckoutsBatch> {
    const first = new URL(this.url(`/accounts/${encodeURIComponent(accountId)}/checkouts`));
    const utc = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, 'Z');
    first.searchParams.set('since', utc(since));
    if (until) first.searchParams.set('until', utc(until));
    const checkouts: unknown[] = [];
    let timestamp = '';
    let next: string | null = first.toString();
    let pages = 0;
    while (next) {
      if (++pages > (this.options.maxPages ?? 10_000)) {
        throw new PosUnavailableError('Ubiregi checkouts: next-url does not end; try again later');
      }
      const parsed = CheckoutsAnswer.safeParse(await this.get('checkouts', next));
      if (!parsed.success) {
        throw new PosUnavailableError('Ubiregi checkouts: the answer is not a list of checkouts; try again later');
      }
      if (pages === 1) timestamp = parsed.data.timestamp;
      checkouts.push(...parsed.data.checkouts);
      next = parsed.data['next-url'] ? this.sameOrigin(parsed.data['next-url']) : null;
    }
    return { timestamp, checkouts, pages };
  }

  private url(path: string): string {
    return `${this.options.apiBaseUrl.replace(/\/+$/, '')}${path}`;
  }

  /** The token goes only to the API's own host, whatever `next-url` says. */
  private sameOrigin(next: string): string {
    const url = new URL(next, this.options.apiBaseUrl);
    if (url.origin !== new URL(this.options.apiBaseUrl).origin) {
      throw new PosUnavailableError('Ubiregi checkouts: next-url points to another host; not followed');
    }
    return url.toString();
  }

  private async get(what: string, url: string): Promise<unknown> {
    if (this.expired() && this.canRefresh()) await this.refresh();
    let refreshed = false;
    for (;;) {
      const answer = await callPos('Ubiregi', what, url, { headers: this.headers() }, ubiregiRetry(this.options.retry));
      if (answer.status >= 200 && answer.status < 300) return readJson('Ubiregi', what, answer);
      // 1. A 401 may be a token that ran out early: refresh once and try again.
      if (answer.status === 401 && !refreshed && this.canRefresh()) {
        await this.refresh();
        refreshed = true;
        continue;
      }
      // 2. Otherwise the owner (or we) must act.
      throw this.failure(what, answer);
    }
  }

  private failure(what: string, answer: PosHttpAnswer): Error {
    const words = posAnswer(answer);
    switch (answer.status) {
      case 401:
        return new PosRejectedError('credentials', RECONNECT_MESSAGE, words);
      case 402:
        return new PosRejectedError('subscription', SUBSCRIPTION_MESSAGE, words);
      case 403:
      case 404:
        return new PosRejectedError('permission', PERMISSION_MESSAGE, words);
      default:
        return answer.status >= 500
          ? new PosUnavailableError(`Ubiregi ${what}: ${words}; try again later`)
          : new Error(`Ubiregi ${what} refused the request: ${words}`);
    }
  }

  private headers(): Record<string, string> {
    return this.options.authHeader === 'x-ubiregi-auth-token'
      ? { 'x-ubiregi-auth-token': this.tokens.accessToken, accept: 'application/json' }
      : { authorization: `Bearer ${this.tokens.accessToken}`, accept: 'application/json' };
  }

  private canRefresh(): boolean {
    return Boolean(this.options.renew ?? (this.tokens.refreshToken && this.options.oauth));
  }

  private expired(): boolean {
    if (!this.tokens.expiresAt) return false;
    const now = (this.options.now ?? (() => new Date()))().getTime();
    return Date.parse(this.tokens.expiresAt) - EXPIRY_MARGIN_MS <= now;
  }

  /** One refresh at a time: concurrent calls wait for the same one (a rotated refresh token works once). */
  private refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      try {
        if (this.options.renew) {
          this.tokens = await this.options.renew(this.tokens);
          return;
        }
        const oauth = this.options.oauth as UbiregiOAuth;
        const tokens = await oauth.refresh(this.tokens.refreshToken as string);
        // The old refresh token may no longer work (rotation): the new set is used from now on, and stored.
        this.tokens = tokens;
        await this.options.onTokens?.(tokens);
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }
}
