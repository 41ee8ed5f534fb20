import { PosRejectedError, PosUnavailableError } from '@regicam/pos';
import { PosSimulator } from '@regicam/pos/simulator';
import { inspect } from 'node:util';
import { UbiregiClient } from './ubiregi-client';
import { UbiregiOAuth, makeCodeVerifier, makeState, type UbiregiTokens } from './ubiregi-oauth';

const REDIRECT_URI = 'https://regicam.example/pos/ubiregi/callback';
const ACCOUNT = {
  id: 3001,
  login: 'cafe-shibuya',
  email: 'owner@cafe.example',
  password: 'ubiregi-pass',
  clientId: 'safie-app',
  clientSecret: 'safie-secret',
  redirectUris: [REDIRECT_URI],
  name: 'カフェ渋谷',
};
const RETRY = { attempts: 4, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 2000 };

const unescapeHtml = (text: string) =>
  text.replace(
    /&(amp|lt|gt|quot|#39);/g,
    (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? '',
  );

/** What the owner's browser does: open the consent page, fill it in, press a button; returns where it is sent. */
async function consent(url: string, answer: { login: string; password: string; decision: 'allow' | 'deny' }) {
  const page = await fetch(url);
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toContain('セーフィーがあなたのアカウントにアクセスすることを許可しますか？');
  expect(html).toContain('メールアドレスまたはアカウント名');
  expect(html).toContain('許可しない');
  const action = unescapeHtml(/<form method="post" action="([^"]+)"/.exec(html)![1]);
  const form = new URLSearchParams();
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)) {
    form.set(name, unescapeHtml(value));
  }
  form.set('login', answer.login);
  form.set('password', answer.password);
  form.set('decision', answer.decision);
  const posted = await fetch(new URL(action, url), { method: 'POST', body: form, redirect: 'manual' });
  return { status: posted.status, location: posted.headers.get('location'), html: await posted.text() };
}

describe('Ubiregi OAuth2 against the simulator', () => {
  let pos: PosSimulator;
  let base: string;
  let oauth: UbiregiOAuth;

  beforeEach(async () => {
    pos = new PosSimulator();
    base = `${await pos.start(0)}/ubiregi`;
    pos.ubiregi.addAccount(ACCOUNT);
    oauth = new UbiregiOAuth({
      authorizeUrl: `${base}/oauth2/authorize`,
      tokenUrl: `${base}/oauth2/token`,
      clientId: ACCOUNT.clientId,
      clientSecret: ACCOUNT.clientSecret,
      redirectUri: REDIRECT_URI,
      retry: RETRY,
    });
  });
  afterEach(() => pos.stop());

  async function connect(): Promise<UbiregiTokens> {
    const state = makeState();
    const codeVerifier = makeCodeVerifier();
    const sent = await consent(oauth.authorizationUrl({ state, codeVerifier }), {
      login: ACCOUNT.login,
      password: ACCOUNT.password,
      decision: 'allow',
    });
    const back = new URL(sent.location!);
    expect(back.searchParams.get('state')).toBe(state);
    return oauth.exchangeCode(back.searchParams.get('code')!, codeVerifier);
  }

  const client = (tokens: UbiregiTokens, onTokens?: (t: UbiregiTokens) => void) =>
    new UbiregiClient({ apiBaseUrl: `${base}/api/3`, tokens, oauth, onTokens, retry: RETRY });

  it('許可する: the owner logs in on the consent page, the code comes back with the state and is exchanged with PKCE', async () => {
    const state = makeState();
    const codeVerifier = makeCodeVerifier();
    const sent = await consent(oauth.authorizationUrl({ state, codeVerifier }), {
      login: ACCOUNT.email,
      password: ACCOUNT.password,
      decision: 'allow',
    });

    expect(sent.status).toBe(302);
    const back = new URL(sent.location!);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT_URI);
    expect(back.searchParams.get('state')).toBe(state);
    const tokens = await oauth.exchangeCode(back.searchParams.get('code')!, codeVerifier);
    expect(tokens).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresAt: expect.any(String),
    });
    const account = await client(tokens).currentAccount();
    expect(account).toMatchObject({ id: '3001', name: 'カフェ渋谷', timezone: 'Asia/Tokyo', currency: 'JPY' });
  });

  it('許可しない: the owner is sent back with error=access_denied and the state', async () => {
    const state = makeState();
    const sent = await consent(oauth.authorizationUrl({ state, codeVerifier: makeCodeVerifier() }), {
      login: ACCOUNT.login,
      password: ACCOUNT.password,
      decision: 'deny',
    });

    const back = new URL(sent.location!);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe(state);
    expect(back.searchParams.has('code')).toBe(false);
  });

  it('a wrong password shows the page again with an error, and no code', async () => {
    const sent = await consent(oauth.authorizationUrl({ state: makeState(), codeVerifier: makeCodeVerifier() }), {
      login: ACCOUNT.login,
      password: 'wrong',
      decision: 'allow',
    });

    expect(sent.status).toBe(200);
    expect(sent.location).toBeNull();
    expect(sent.html).toContain('パスワードが正しくありません');
  });

  it('an unknown client_id or a redirect_uri not registered gets a 400 page, never a redirect', async () => {
    const url = new URL(oauth.authorizationUrl({ state: 's', codeVerifier: makeCodeVerifier() }));
    url.searchParams.set('client_id', 'someone-else');
    const unknown = await fetch(url, { redirect: 'manual' });
    url.searchParams.set('client_id', ACCOUNT.clientId);
    url.searchParams.set('redirect_uri', 'https://evil.example/callback');
    const mismatch = await fetch(url, { redirect: 'manual' });

    expect([unknown.status, mismatch.status]).toEqual([400, 400]);
    expect(mismatch.headers.get('location')).toBeNull();
  });

  it('refuses a code with the wrong PKCE verifier, and a code used twice', async () => {
    const state = makeState();
    const codeVerifier = makeCodeVerifier();
    const url = oauth.authorizationUrl({ state, codeVerifier });
    const login = { login: ACCOUNT.login, password: ACCOUNT.password, decision: 'allow' as const };

    const first = new URL((await consent(url, login)).location!).searchParams.get('code')!;
    await expect(oauth.exchangeCode(first, makeCodeVerifier())).rejects.toMatchObject({
      name: 'PosRejectedError',
      reason: 'credentials',
    });

    const second = new URL((await consent(url, login)).location!).searchParams.get('code')!;
    const tokens = await oauth.exchangeCode(second, codeVerifier);
    await expect(oauth.exchangeCode(second, codeVerifier)).rejects.toBeInstanceOf(PosRejectedError);
    // What the reused code gave is taken back.
    await expect(client({ accessToken: tokens.accessToken }).currentAccount()).rejects.toMatchObject({
      reason: 'credentials',
    });
  });

  it('refreshes on a 401 and hands the new tokens to onTokens; the rotated refresh token is not accepted again', async () => {
    const tokens = await connect();
    const stored: UbiregiTokens[] = [];
    const api = client(tokens, (t) => stored.push(t));
    pos.ubiregi.expireAccessTokens(ACCOUNT.id);

    await expect(api.currentAccount()).resolves.toMatchObject({ id: '3001' });

    expect(stored).toHaveLength(1);
    expect(stored[0].accessToken).not.toBe(tokens.accessToken);
    expect(stored[0].refreshToken).not.toBe(tokens.refreshToken);
    await expect(oauth.refresh(tokens.refreshToken!)).rejects.toMatchObject({ reason: 'credentials' });
  });

  it('refreshes before calling when the token has expired by its own date', async () => {
    const tokens = await connect();
    const stored: UbiregiTokens[] = [];
    const api = client({ ...tokens, expiresAt: new Date(Date.now() - 1000).toISOString() }, (t) => stored.push(t));

    await api.currentAccount();

    expect(stored).toHaveLength(1);
  });

  it('a revoked grant asks the owner to connect again', async () => {
    const tokens = await connect();
    pos.ubiregi.revoke(ACCOUNT.id);

    const error = await client(tokens)
      .currentAccount()
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(PosRejectedError);
    expect(error).toMatchObject({ reason: 'credentials', message: expect.stringContaining('needs reconnecting') });
  });

  it('a 401 without a refresh token asks to connect again', async () => {
    const tokens = await connect();
    pos.ubiregi.expireAccessTokens(ACCOUNT.id);

    await expect(client({ accessToken: tokens.accessToken }).currentAccount()).rejects.toMatchObject({
      reason: 'credentials',
      message: expect.stringContaining('needs reconnecting'),
    });
  });

  it('402 (subscription expired) and 403 become PosRejectedError subscription and permission', async () => {
    const api = client(await connect());
    pos.ubiregi.expireSubscription(ACCOUNT.id);
    await expect(api.currentAccount()).rejects.toMatchObject({ reason: 'subscription' });
    pos.ubiregi.expireSubscription(ACCOUNT.id, false);
    pos.ubiregi.forbid(ACCOUNT.id);
    await expect(api.currentAccount()).rejects.toMatchObject({ reason: 'permission' });
  });

  it('older installs send the token in X-Ubiregi-Auth-Token', async () => {
    const api = new UbiregiClient({
      apiBaseUrl: `${base}/api/3`,
      tokens: { accessToken: pos.ubiregi.issueLegacyToken(ACCOUNT.id) },
      authHeader: 'x-ubiregi-auth-token',
      retry: RETRY,
    });

    await expect(api.currentAccount()).resolves.toMatchObject({ id: '3001' });
  });

  it('never puts a token or the client secret in what it throws', async () => {
    const tokens = await connect();
    const errors: unknown[] = [];
    pos.ubiregiFaults.set({ next5xx: 10 });
    errors.push(
      await client(tokens)
        .currentAccount()
        .catch((e: unknown) => e),
    );
    pos.ubiregiFaults.reset();
    pos.ubiregi.expireSubscription(ACCOUNT.id);
    errors.push(
      await client(tokens)
        .currentAccount()
        .catch((e: unknown) => e),
    );
    pos.ubiregi.revoke(ACCOUNT.id);
    errors.push(
      await client(tokens)
        .currentAccount()
        .catch((e: unknown) => e),
    );
    errors.push(await oauth.refresh(tokens.refreshToken!).catch((e: unknown) => e));
    await pos.stop();
    errors.push(
      await client(tokens)
        .currentAccount()
        .catch((e: unknown) => e),
    );

    expect(errors[0]).toBeInstanceOf(PosUnavailableError);
    expect(errors[4]).toBeInstanceOf(PosUnavailableError);
    for (const error of errors) {
      expect(error).toBeInstanceOf(Error);
      const seen = `${String(error)} ${JSON.stringify(error)} ${inspect(error, { depth: 5, showHidden: true })}`;
      for (const secret of [tokens.accessToken, tokens.refreshToken!, ACCOUNT.clientSecret]) {
        expect(seen).not.toContain(secret);
      }
    }
  });
});
