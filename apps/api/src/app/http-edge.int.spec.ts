import { ApiHarness, type ApiClient } from '../testing/api-harness';

const camera = { name: 'レジ上', model: 'CC-2L_SF', serial: 'E-1', posOption: { from: '2019-03-07' } };

describe('the HTTP edge: bad input, other sites, proxies, logs', () => {
  const api = new ApiHarness(undefined, { pos: true });
  let owner: ApiClient;
  let cameraId: string;

  beforeAll(async () => {
    await api.start();
    api.sim.smaregi.addContract({ contractId: 'ec1', accessToken: 'edge-token-123456' });
    const o = await api.owner('edge@example.com', [camera, { ...camera, name: '入口', serial: 'E-2' }]);
    cameraId = o.cameraIds[0];
    owner = await api.login(o.email, o.password);
  });
  afterAll(() => api.stopAll());

  const post = (path: string, body: string, headers: Record<string, string>) =>
    fetch(`${api.base}${path}`, { method: 'POST', headers: { cookie: owner.cookie, ...headers }, body });

  describe('bad bodies never answer 404 or 500', () => {
    it('malformed JSON is 400 invalid_json', async () => {
      const res = await post('/api/links', '{"contractId": ', { 'content-type': 'application/json' });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: 'invalid_json', details: [{ field: '(body)' }] });
    });

    it('a body over the limit is 413', async () => {
      const res = await post('/api/links', JSON.stringify({ pad: 'x'.repeat(200_000) }), {
        'content-type': 'application/json',
      });
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ error: 'too_large' });
    });

    it('an unsupported charset is 415', async () => {
      const res = await post('/api/links', '{}', { 'content-type': 'application/json; charset=latin1' });
      expect(res.status).toBe(415);
      expect(await res.json()).toMatchObject({ error: 'unsupported_charset' });
    });

    it('an access token with control or non-ASCII characters is 400 naming the field', async () => {
      for (const accessToken of ['tok\u0007en', 'トークン', 'tok en']) {
        const res = await owner.call('POST', '/api/links', {
          contractId: 'ec1',
          accessToken,
          terminalId: '1',
          cameraId,
        });
        expect(res.status).toBe(400);
        expect(res.body.details).toEqual([{ field: 'accessToken', message: expect.stringContaining('visible ASCII') }]);
      }
    });
  });

  describe('requests that change state come only from this site, as JSON', () => {
    it('a form body on a JSON route is refused with 415, login included', async () => {
      for (const path of ['/api/links', '/api/auth/login', '/api/auth/logout']) {
        const res = await post(path, 'contractId=ec1', { 'content-type': 'application/x-www-form-urlencoded' });
        expect(res.status).toBe(415);
        expect(await res.json()).toMatchObject({ error: 'unsupported_media_type' });
      }
    });

    it('another site (Origin or Sec-Fetch-Site) is refused with 403; this site is not', async () => {
      const body = JSON.stringify({ linkIds: ['none'] });
      const json = { 'content-type': 'application/json' };
      expect((await post('/api/links/delete', body, { ...json, origin: 'https://evil.example' })).status).toBe(403);
      expect((await post('/api/links/delete', body, { ...json, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
      const same = await post('/api/links/delete', body, {
        ...json,
        origin: api.base,
        'sec-fetch-site': 'same-origin',
      });
      expect(same.status).toBe(404);
    });

    it('reads stay open to any caller with a session', async () => {
      const res = await fetch(`${api.base}/api/links`, {
        headers: { cookie: owner.cookie, origin: 'https://evil.example' },
      });
      expect(res.status).toBe(200);
    });
  });

  it('sends security headers and no X-Powered-By', async () => {
    const res = await fetch(`${api.base}/api/health`);
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  describe('two relinks of one terminal at the same time', () => {
    it('exactly one wins; the other gets 409 link_changed naming the link now in force', async () => {
      const other = (await owner.call('GET', '/api/cameras')).body.cameras.find(
        (c: { cameraId: string }) => c.cameraId !== cameraId,
      ).cameraId;
      const created = await owner.call('POST', '/api/links', {
        contractId: 'ec1',
        accessToken: 'edge-token-123456',
        terminalId: '2',
        cameraId,
      });
      expect(created.status).toBe(201);
      const linkId = created.body.linkId;
      const [a, b] = await Promise.all([
        owner.call('PUT', `/api/links/${linkId}/camera`, { cameraId: other }),
        owner.call('PUT', `/api/links/${linkId}/camera`, {
          cameraId: other,
          region: { x: 0, y: 0, width: 0.5, height: 0.5 },
        }),
      ]);
      const statuses = [a.status, b.status].sort();
      expect(statuses).toEqual([200, 409]);
      const [won, lost] = a.status === 200 ? [a, b] : [b, a];
      expect(lost.body).toMatchObject({
        error: 'link_changed',
        details: [{ field: 'linkId', currentLinkId: won.body.linkId }],
      });
      expect(lost.body.message).toContain(won.body.linkId);
    });

    it('another owner’s link stays 404', async () => {
      const stranger = await api.login((await api.owner('stranger@example.com')).email, 'correct horse battery');
      const link = (await owner.call('GET', '/api/links')).body.links[0];
      const res = await stranger.call('PUT', `/api/links/${link.linkId}/camera`, { cameraId });
      expect(res.status).toBe(404);
    });
  });

  it('never logs the OAuth callback’s code and state, nor a push URL’s secret', async () => {
    await owner.redirect('/api/ubiregi/callback?code=CODE-SECRET-1&state=STATE-SECRET-2');
    await fetch(`${api.base}/webhooks/smaregi/ec1/PUSH-SECRET-3`, { method: 'POST' });
    expect(api.logs).toContain('/api/ubiregi/callback?code=[Redacted]&state=[Redacted]');
    expect(api.logs).toContain('/webhooks/smaregi/ec1/[Redacted]');
    for (const secret of ['CODE-SECRET-1', 'STATE-SECRET-2', 'PUSH-SECRET-3']) expect(api.logs).not.toContain(secret);
  });
});

describe('logins under attack', () => {
  const api = new ApiHarness();
  beforeAll(() => api.start());
  afterAll(() => api.stop());

  it('of 50 parallel wrong logins for one email, at most the allowed 5 are checked; the rest are 429', async () => {
    const { email } = await api.owner('target@example.com');
    const statuses = await Promise.all(
      Array.from({ length: 50 }, () =>
        fetch(`${api.base}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password: 'wrong guess 123' }),
        }).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(45);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
  });
});

describe('behind a TLS-terminating proxy', () => {
  const api = new ApiHarness(undefined, { env: { PUBLIC_URL: 'https://regicam.example', TRUST_PROXY: 'loopback' } });
  beforeAll(() => api.start());
  afterAll(() => api.stop());

  it('sets the session cookie Secure, and trusts the proxy’s client address', async () => {
    const { email, password } = await api.owner('proxy@example.com');
    const res = await fetch(`${api.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.7', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ email, password }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
    const sessions = await api.stores.readStore.collection<{ id: string; version: number; ip: string }>('sessions');
    expect((await sessions.find({})).items.map((s) => s.ip)).toContain('198.51.100.7');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
  });
});

describe('an API process whose projector is not running', () => {
  const api = new ApiHarness(undefined, { pos: true, env: { API_ROLES: 'pos-pollers' } });
  beforeAll(async () => {
    await api.start();
    api.sim.smaregi.addContract({ contractId: 'np1', accessToken: 'np-token-123456' });
  });
  afterAll(() => api.stopAll());

  it('is not ready, and says which projections nobody runs', async () => {
    const res = await fetch(`${api.base}/api/health/ready`);
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'not_ready', ready: false });
    expect(body.projections.map((p: { state: string }) => p.state)).toEqual(['stopped', 'stopped']);
    expect((await fetch(`${api.base}/api/health`)).status).toBe(200);
  });

  it('still carries out commands: the link is made and answered (201), never a 500', async () => {
    const o = await api.owner('noproj@example.com', [camera]);
    const owner = await api.login(o.email, o.password);
    const created = await owner.call('POST', '/api/links', {
      contractId: 'np1',
      accessToken: 'np-token-123456',
      terminalId: '1',
      cameraId: o.cameraIds[0],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ terminalId: '1', cameraId: o.cameraIds[0], cameraName: 'レジ上' });
    expect(api.logs).toMatch(/the links read model did not show/);
  });
});
