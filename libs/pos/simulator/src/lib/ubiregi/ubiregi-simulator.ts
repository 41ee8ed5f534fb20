import express, { type NextFunction, type Request, type Response } from 'express';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { addTo, emptySummary, japanDay, type DaySummary } from '../shared/day-summary';
import type { Faults } from '../shared/faults';
import type { SimSale } from '../shared/store-day';
import { consentPage, errorPage, type AuthorizeParams } from './consent-page';

/**
 * A simulation of Ubiregi's OAuth2 and API 3, mounted at `/ubiregi`
 * instead of `https://ubiregi.com`. Paths, headers, bodies, paging and
 * errors follow the public API documentation (github.com/soutaro/ubiregi-api):
 * - `GET /oauth2/authorize` → the consent page (許可する / 許可しない), its POST
 *   redirects to `redirect_uri?code&state` or `?error=access_denied&state`;
 * - `POST /oauth2/token`, client auth by HTTP Basic, `authorization_code`
 *   (PKCE S256 when a challenge was given) and `refresh_token`;
 * - `GET /api/3/accounts/current`, `/api/3/accounts/:id`,
 *   `/api/3/accounts/:id/checkouts?since&until&glb`: the result set is
 *   `{ since ≤ updated_at < until, glb < id }` sorted by id, and `next-url`
 *   asks for the next batch with the same `until` and `glb` = the last id;
 * - errors 401 (token), 402 (subscription), 403, 404 with the documented
 *   body `[{"reason": "…"}]`.
 *
 * Choices where the public documentation is silent (the connector does
 * not depend on them beyond what is written in docs/pos-ubiregi.md):
 * - ASSUMPTION: each checkout names its register in `device_id`. The
 *   documentation has no register field; the connector maps whatever field
 *   is configured and defaults to one terminal per account.
 * - Access tokens last `accessTokenTtlSeconds` (1 h); refresh tokens rotate
 *   (the old one stops working when a new one is issued); codes are
 *   single-use and last `codeTtlSeconds` (60 s).
 * - Times are written in UTC (`2011-12-24T16:20:20Z`) as in the
 *   documentation's examples; amounts are decimal strings (`"385.0"`).
 */
export type UbiregiCheckout = {
  id: number;
  guid: string;
  account_id: number;
  paid_at: string | null;
  sales_date: string;
  price: string;
  change: string;
  status: 'close' | 'open' | 'cancel' | 'deleted';
  cashier_id: number | null;
  customers_count: number;
  payments: { id: number; payment_type_id: number; amount: string }[];
  items: {
    id: number;
    menu_item_id: number;
    count: number;
    sales: string;
    tax: string;
    discount_sales: string;
    discount_tax: string;
  }[];
  table_ids: number[];
  customer_tag_ids: number[];
  /** ASSUMPTION (not in the public docs): the register (端末ID) the checkout was made on. */
  device_id: string;
  updated_at: string;
};

export type UbiregiAccountSetup = {
  id: number;
  login: string;
  password: string;
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  name?: string;
  email?: string;
  /** The hour the business day changes (Ubiregi's `date_offset`), default 0. */
  dateOffset?: number;
};

type Cashier = { id: number; name: string; enabled: boolean };

type AccountState = {
  setup: UbiregiAccountSetup;
  cashiers: Cashier[];
  checkouts: Map<number, UbiregiCheckout>;
  /** Fields written over a checkout as it is served: rows the real API would never send. */
  raw: Map<number, Record<string, unknown>>;
  subscriptionExpired: boolean;
  forbidden: boolean;
};

type Client = { secret: string; redirectUris: string[]; appName: string };
type Code = {
  accountId: number;
  clientId: string;
  redirectUri: string;
  challenge: string;
  expiresMs: number;
  used: boolean;
  issued: string[];
};
type Grant = { accountId: number; clientId: string };

const PAYMENT_TYPES = [
  { id: 1, name: '現金', position: 1, change: true, kind: 'cash' },
  { id: 2, name: 'クレジットカード', position: 2, change: false, kind: 'card' },
] as const;

const token = (): string => randomBytes(24).toString('base64url');
const utc = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const amount = (yen: number): string => `${yen}.0`;
const seconds = (ms: number): number => Math.floor(ms / 1000) * 1000;

export class UbiregiSimulator {
  /** Checkouts per `checkouts` answer before `next-url` takes over. */
  pageSize = 25;
  accessTokenTtlSeconds = 3600;
  codeTtlSeconds = 60;
  /** The app name shown on the consent page (the manual's: セーフィー). */
  appName = 'セーフィー';

  private readonly accounts = new Map<number, AccountState>();
  private readonly clients = new Map<string, Client>();
  private readonly codes = new Map<string, Code>();
  private readonly accessTokens = new Map<string, Grant & { expiresMs: number }>();
  private readonly refreshTokens = new Map<string, Grant>();
  private nextCheckoutId = 1001;
  private fixedNow: number | null = null;

  constructor(private readonly faults: Faults) {}

  // ---- clock ----------------------------------------------------------

  now(): Date {
    return new Date(this.fixedNow ?? Date.now());
  }

  /** Stops the clock at `at` (null: the real clock again). */
  setNow(at: Date | string | null): void {
    this.fixedNow = at === null ? null : new Date(at).getTime();
  }

  advance(ms: number): void {
    this.fixedNow = this.now().getTime() + ms;
  }

  // ---- test controls --------------------------------------------------

  addAccount(setup: UbiregiAccountSetup): void {
    this.accounts.set(setup.id, {
      setup,
      cashiers: [],
      checkouts: new Map(),
      raw: new Map(),
      subscriptionExpired: false,
      forbidden: false,
    });
    const client = this.clients.get(setup.clientId);
    this.clients.set(setup.clientId, {
      secret: setup.clientSecret,
      redirectUris: [...new Set([...(client?.redirectUris ?? []), ...setup.redirectUris])],
      appName: this.appName,
    });
  }

  /**
   * Turns a neutral store day into checkouts:
   * - payment → a `close` checkout paid at the sale's time;
   * - cancel → the ORIGINAL checkout turns `cancel` with `updated_at` = the
   *   cancel's time (Ubiregi keeps one row per checkout; no new row);
   * - modify → Ubiregi has no modified status: the original turns `cancel`
   *   and a new `close` checkout carries the corrected amounts (the register
   *   re-issues the receipt), both at the modification's time;
   * - delete → a `deleted` checkout (made, then deleted without closing).
   * The day's staff become the account's cashiers.
   */
  loadDay(accountId: number, sales: SimSale[]): void {
    const account = this.account(accountId);
    const bySeq = new Map<number, number>();
    for (const sale of sales) {
      const cashierId = Number(sale.staff.id);
      if (!account.cashiers.some((c) => c.id === cashierId)) {
        account.cashiers.push({ id: cashierId, name: sale.staff.name, enabled: true });
      }
      const at = Date.parse(sale.at);
      const target = sale.refersTo === null ? undefined : bySeq.get(sale.refersTo);
      if (sale.kind === 'cancel' || sale.kind === 'modify') {
        if (target !== undefined) this.cancel(accountId, target, new Date(at));
        if (sale.kind === 'cancel') continue;
      }
      const checkout = this.addCheckout(accountId, {
        paid_at: utc(at),
        updated_at: utc(at),
        status: sale.kind === 'delete' ? 'deleted' : 'close',
        total: sale.total,
        deposit: sale.deposit,
        change: sale.change,
        cashier_id: cashierId,
        device_id: sale.terminalId,
      });
      bySeq.set(sale.seq, checkout.id);
    }
  }

  /**
   * Adds one checkout. `raw` fields are written over the served JSON as
   * they are, to give a connector rows it does not expect.
   */
  addCheckout(
    accountId: number,
    options: {
      paid_at?: string | null;
      updated_at?: string;
      status?: UbiregiCheckout['status'];
      total?: number;
      deposit?: number;
      change?: number;
      cashier_id?: number | null;
      device_id?: string;
      raw?: Record<string, unknown>;
    } = {},
  ): UbiregiCheckout {
    const account = this.account(accountId);
    const id = this.nextCheckoutId++;
    const nowMs = seconds(this.now().getTime());
    const paidAt = options.paid_at === undefined ? utc(nowMs) : options.paid_at;
    const total = options.total ?? 1000;
    const deposit = options.deposit ?? total;
    const tax = Math.round((total * 10) / 110);
    const checkout: UbiregiCheckout = {
      id,
      guid: randomUUID(),
      account_id: accountId,
      paid_at: paidAt,
      sales_date: this.salesDate(account, paidAt ?? utc(nowMs)),
      price: amount(total),
      change: amount(options.change ?? Math.max(0, deposit - total)),
      status: options.status ?? 'close',
      cashier_id: options.cashier_id === undefined ? null : options.cashier_id,
      customers_count: 1,
      payments: deposit > 0 ? [{ id: id * 10, payment_type_id: PAYMENT_TYPES[0].id, amount: amount(deposit) }] : [],
      items: [
        {
          id: id * 10,
          menu_item_id: 1,
          count: 1,
          sales: amount(total - tax),
          tax: amount(tax),
          discount_sales: '0.0',
          discount_tax: '0.0',
        },
      ],
      table_ids: [],
      customer_tag_ids: [],
      device_id: options.device_id ?? '1',
      updated_at: options.updated_at ?? utc(nowMs),
    };
    account.checkouts.set(id, checkout);
    if (options.raw) account.raw.set(id, options.raw);
    return checkout;
  }

  /** A closed checkout is cancelled at `at` (default now): same row, status `cancel`, new `updated_at`. */
  cancel(accountId: number, checkoutId: number, at: Date = this.now()): void {
    const checkout = this.account(accountId).checkouts.get(checkoutId);
    if (!checkout) throw new Error(`no checkout ${checkoutId} in account ${accountId}`);
    checkout.status = 'cancel';
    checkout.updated_at = utc(seconds(at.getTime()));
  }

  /**
   * The day as Ubiregi's own report adds it up: checkouts paid (closed,
   * also those cancelled later) at their payment time, cancelled ones at
   * their cancel time, deleted ones at their deletion time; 合計 is the
   * price, 預り the payments.
   */
  daySummary(accountId: number, day: string): DaySummary {
    const summary = emptySummary();
    for (const c of this.account(accountId).checkouts.values()) {
      const amounts = [
        Number(c.price),
        c.payments.reduce((sum, p) => sum + Number(p.amount), 0),
        Number(c.change),
      ] as const;
      const paid = c.paid_at ? japanDay(Date.parse(c.paid_at)) : null;
      const updated = japanDay(Date.parse(c.updated_at));
      if ((c.status === 'close' || c.status === 'cancel') && paid === day) addTo(summary.sales, ...amounts);
      if (c.status === 'cancel' && updated === day) addTo(summary.cancels, ...amounts);
      if (c.status === 'deleted' && updated === day) addTo(summary.deletions, ...amounts);
    }
    return summary;
  }

  checkouts(accountId: number): UbiregiCheckout[] {
    return [...this.account(accountId).checkouts.values()];
  }

  /** The owner removes the app in Ubiregi's app settings: every token of the account stops working. */
  revoke(accountId: number): void {
    for (const tokens of [this.accessTokens, this.refreshTokens]) {
      for (const [key, grant] of tokens) if (grant.accountId === accountId) tokens.delete(key);
    }
  }

  expireSubscription(accountId: number, expired = true): void {
    this.account(accountId).subscriptionExpired = expired;
  }

  /** The API answers 403 to this account's calls (a permission taken away). */
  forbid(accountId: number, forbidden = true): void {
    this.account(accountId).forbidden = forbidden;
  }

  /** Lets the access tokens of an account run out now (the refresh tokens stay valid). */
  expireAccessTokens(accountId: number): void {
    for (const grant of this.accessTokens.values()) if (grant.accountId === accountId) grant.expiresMs = 0;
  }

  /** Tokens as if the owner had consented (for tests that are not about the OAuth flow). */
  issueTokens(accountId: number, clientId: string) {
    this.account(accountId);
    return this.issue({ accountId, clientId });
  }

  /** A token for the older header `X-Ubiregi-Auth-Token` (no expiry, no refresh). */
  issueLegacyToken(accountId: number): string {
    const value = token();
    this.accessTokens.set(value, { accountId, clientId: '', expiresMs: Number.MAX_SAFE_INTEGER });
    return value;
  }

  // ---- HTTP -----------------------------------------------------------

  router(): express.Router {
    const router = express.Router();
    const form = express.urlencoded({ extended: false });
    router.get('/oauth2/authorize', (req, res) => this.authorizePage(req, res));
    router.post('/oauth2/authorize', form, (req, res) => this.authorizeDecision(req, res));
    router.post('/oauth2/token', form, (req, res) => this.token(req, res));
    router.use('/api/3', this.faults.middleware(), (req, res, next) => this.authenticate(req, res, next));
    router.get('/api/3/accounts/:id', (req, res) => {
      const account = this.readable(req, res);
      if (account) res.json({ account: this.accountJson(account), timestamp: utc(this.now().getTime()) });
    });
    router.get('/api/3/accounts/:id/checkouts', (req, res) => {
      const account = this.readable(req, res);
      if (account) this.checkoutsPage(account, req, res);
    });
    router.use('/api/3', (_req, res) => {
      res.status(404).json([{ reason: 'the resource you requested was not found' }]);
    });
    return router;
  }

  private authorizeParams(source: Record<string, unknown>): AuthorizeParams {
    const field = (name: string): string => (typeof source[name] === 'string' ? (source[name] as string) : '');
    return {
      response_type: field('response_type'),
      client_id: field('client_id'),
      redirect_uri: field('redirect_uri'),
      state: field('state'),
      scope: field('scope'),
      code_challenge: field('code_challenge'),
      code_challenge_method: field('code_challenge_method'),
    };
  }

  /**
   * Checks what must be checked before redirecting anywhere: an unknown
   * client or a redirect_uri not registered gets a 400 page (RFC 6749
   * §4.1.2.1); other faults go back to the app as `?error=`.
   */
  private checkAuthorize(params: AuthorizeParams, res: Response): { client: Client } | null {
    const client = this.clients.get(params.client_id);
    if (!client) {
      res.status(400).type('html').send(errorPage('不明なアプリケーションです (unknown client_id)。'));
      return null;
    }
    if (!client.redirectUris.includes(params.redirect_uri)) {
      res.status(400).type('html').send(errorPage('リダイレクト先が登録されていません (redirect_uri mismatch)。'));
      return null;
    }
    const fail = (error: string) => {
      res.redirect(302, withQuery(params.redirect_uri, { error, state: params.state }));
      return null;
    };
    if (params.response_type !== 'code') return fail('unsupported_response_type');
    if (params.code_challenge && params.code_challenge_method !== 'S256') return fail('invalid_request');
    return { client };
  }

  private authorizePage(req: Request, res: Response): void {
    const params = this.authorizeParams(req.query as Record<string, unknown>);
    const ok = this.checkAuthorize(params, res);
    if (!ok) return;
    const action = `${req.baseUrl}/oauth2/authorize`;
    res.type('html').send(consentPage({ action, appName: ok.client.appName, params }));
  }

  private authorizeDecision(req: Request, res: Response): void {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const params = this.authorizeParams(body);
    const ok = this.checkAuthorize(params, res);
    if (!ok) return;
    if (body['decision'] !== 'allow') {
      res.redirect(302, withQuery(params.redirect_uri, { error: 'access_denied', state: params.state }));
      return;
    }
    const login = typeof body['login'] === 'string' ? body['login'] : '';
    const account = [...this.accounts.values()].find(
      (a) => (a.setup.login === login || a.setup.email === login) && a.setup.password === body['password'],
    );
    if (!account) {
      const action = `${req.baseUrl}/oauth2/authorize`;
      res
        .status(200)
        .type('html')
        .send(
          consentPage({
            action,
            appName: ok.client.appName,
            params,
            login,
            error: 'メールアドレスまたはアカウント名、パスワードが正しくありません。',
          }),
        );
      return;
    }
    const code = token();
    this.codes.set(code, {
      accountId: account.setup.id,
      clientId: params.client_id,
      redirectUri: params.redirect_uri,
      challenge: params.code_challenge,
      expiresMs: this.now().getTime() + this.codeTtlSeconds * 1000,
      used: false,
      issued: [],
    });
    res.redirect(302, withQuery(params.redirect_uri, { code, state: params.state }));
  }

  private token(req: Request, res: Response): void {
    res.set('Cache-Control', 'no-store');
    const clientId = this.basicClient(req);
    if (!clientId) {
      res.status(401).set('WWW-Authenticate', 'Basic realm="ubiregi"').json({ error: 'invalid_client' });
      return;
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const field = (name: string): string => (typeof body[name] === 'string' ? (body[name] as string) : '');
    const invalidGrant = () => res.status(400).json({ error: 'invalid_grant' });
    switch (field('grant_type')) {
      case 'authorization_code': {
        const code = this.codes.get(field('code'));
        if (!code || code.clientId !== clientId) return void invalidGrant();
        if (code.used) {
          // A code used twice may have been stolen: what it gave is taken back (RFC 6749 §4.1.2).
          for (const issued of code.issued) {
            this.accessTokens.delete(issued);
            this.refreshTokens.delete(issued);
          }
          return void invalidGrant();
        }
        code.used = true;
        if (code.expiresMs <= this.now().getTime() || code.redirectUri !== field('redirect_uri')) {
          return void invalidGrant();
        }
        if (code.challenge) {
          const verifier = field('code_verifier');
          const digest = createHash('sha256').update(verifier).digest('base64url');
          if (!verifier || digest !== code.challenge) return void invalidGrant();
        }
        const answer = this.issue({ accountId: code.accountId, clientId });
        code.issued.push(answer.access_token, answer.refresh_token);
        res.json(answer);
        return;
      }
      case 'refresh_token': {
        const grant = this.refreshTokens.get(field('refresh_token'));
        if (!grant || grant.clientId !== clientId) return void invalidGrant();
        this.refreshTokens.delete(field('refresh_token'));
        res.json(this.issue(grant));
        return;
      }
      default:
        res.status(400).json({ error: 'unsupported_grant_type' });
    }
  }

  private basicClient(req: Request): string | null {
    const match = /^Basic\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    if (!match) return null;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return null;
    const id = decodeURIComponent(decoded.slice(0, colon));
    const secret = decodeURIComponent(decoded.slice(colon + 1));
    const client = this.clients.get(id);
    return client && client.secret === secret ? id : null;
  }

  private issue(grant: Grant) {
    const access = token();
    const refresh = token();
    this.accessTokens.set(access, { ...grant, expiresMs: this.now().getTime() + this.accessTokenTtlSeconds * 1000 });
    this.refreshTokens.set(refresh, grant);
    return {
      access_token: access,
      token_type: 'bearer',
      expires_in: this.accessTokenTtlSeconds,
      refresh_token: refresh,
    };
  }

  private authenticate(req: Request, res: Response, next: NextFunction): void {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const value = bearer ?? req.get('x-ubiregi-auth-token');
    const grant = value ? this.accessTokens.get(value) : undefined;
    if (!grant || grant.expiresMs <= this.now().getTime()) {
      res
        .status(401)
        .set('WWW-Authenticate', 'Bearer error="invalid_token"')
        .json([{ reason: 'the request does not contain a valid authentication token' }]);
      return;
    }
    const account = this.accounts.get(grant.accountId);
    if (!account) {
      res.status(401).json([{ reason: 'the account was closed' }]);
      return;
    }
    if (account.subscriptionExpired) {
      res.status(402).json([{ reason: "the account's subscriptions are all expired" }]);
      return;
    }
    if (account.forbidden) {
      res.status(403).json([{ reason: 'you are not allowed to read the information of this account' }]);
      return;
    }
    res.locals['account'] = account;
    next();
  }

  /** The account named in the path, if the token's account may read it (itself; no chains simulated). */
  private readable(req: Request, res: Response): AccountState | null {
    const current = res.locals['account'] as AccountState;
    const id = req.params['id'];
    if (id === 'current' || id === String(current.setup.id)) return current;
    res.status(404).json([{ reason: 'the resource you requested was not found' }]);
    return null;
  }

  private accountJson(account: AccountState) {
    const { setup } = account;
    return {
      id: setup.id,
      login: setup.login,
      email: setup.email ?? null,
      name: setup.name ?? setup.login,
      expire_at: null,
      currency: 'JPY',
      date_offset: setup.dateOffset ?? 0,
      timezone: 'Asia/Tokyo',
      cashiers: account.cashiers.map((c) => ({ ...c, icon: null, icon_mime: null })),
      payment_types: PAYMENT_TYPES,
      // The reference names the chain's other stores `child_ids`; the older documentation `children`.
      child_ids: [],
    };
  }

  private checkoutsPage(account: AccountState, req: Request, res: Response): void {
    const query = req.query as Record<string, unknown>;
    const time = (name: string): number | null | 'bad' => {
      const value = query[name];
      if (value === undefined || value === '') return null;
      const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
      return Number.isNaN(ms) ? 'bad' : ms;
    };
    const since = time('since');
    const until = time('until');
    const glb = query['glb'] === undefined ? 0 : Number(query['glb']);
    if (since === 'bad' || until === 'bad' || !Number.isInteger(glb)) {
      res.status(400).json([{ reason: 'since and until must be times, glb an id' }]);
      return;
    }
    // `timestamp` is the server's time, or the requested `until` (the documented rule).
    const untilMs = until ?? seconds(this.now().getTime());
    const all = [...account.checkouts.values()];
    const matching = all
      .filter((c) => {
        const updated = Date.parse(c.updated_at);
        return (since === null || since <= updated) && updated < untilMs && c.id > glb;
      })
      .sort((a, b) => a.id - b.id);
    const page = matching.slice(0, this.pageSize);
    const last = page[page.length - 1];
    const lastUpdated = all.reduce((max, c) => Math.max(max, Date.parse(c.updated_at)), 0);
    const body: Record<string, unknown> = {
      timestamp: utc(untilMs),
      last_updated_at: lastUpdated ? utc(lastUpdated) : null,
      checkouts: page.map((c) => ({ ...c, ...account.raw.get(c.id) })),
    };
    if (matching.length > page.length && last) {
      const next = new URL(`${req.protocol}://${req.get('host')}${req.baseUrl}${req.path}`);
      if (since !== null) next.searchParams.set('since', utc(since));
      next.searchParams.set('until', utc(untilMs));
      next.searchParams.set('glb', String(last.id));
      body['next-url'] = next.toString();
    }
    res.json(body);
  }

  private account(accountId: number): AccountState {
    const account = this.accounts.get(accountId);
    if (!account) throw new Error(`no Ubiregi account ${accountId} in the simulator`);
    return account;
  }

  /** The business day (Asia/Tokyo) of a time, the day changing at `date_offset` o'clock. */
  private salesDate(account: AccountState, at: string): string {
    const offsetHours = 9 - (account.setup.dateOffset ?? 0);
    return new Date(Date.parse(at) + offsetHours * 3_600_000).toISOString().slice(0, 10);
  }
}

function withQuery(url: string, params: Record<string, string>): string {
  const target = new URL(url);
  for (const [key, value] of Object.entries(params)) if (value) target.searchParams.set(key, value);
  return target.toString();
}
