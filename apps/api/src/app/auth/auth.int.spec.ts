import { ApiHarness } from '../../testing/api-harness';

describe('owner sessions over HTTP', () => {
  const api = new ApiHarness();
  let owner: Awaited<ReturnType<ApiHarness['owner']>>;

  beforeAll(async () => {
    await api.start();
    owner = await api.owner('carol@example.com');
  });
  afterAll(() => api.stop());

  const login = (email: string, password: string) =>
    fetch(`${api.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });

  it('logs in with an HttpOnly session cookie, answers /api/me, and logs out', async () => {
    const res = await login('Carol@Example.com ', owner.password);
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^regicam_session=[A-Za-z0-9_-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const session = cookie.split(';')[0];
    const me = await fetch(`${api.base}/api/me`, { headers: { cookie: session } });
    expect(await me.json()).toEqual({ id: owner.id, email: 'carol@example.com', displayName: 'carol@example.com' });
    expect((await fetch(`${api.base}/api/auth/logout`, { method: 'POST', headers: { cookie: session } })).status).toBe(
      204,
    );
    expect((await fetch(`${api.base}/api/me`, { headers: { cookie: session } })).status).toBe(401);
  });

  it('answers a wrong password and an unknown email alike', async () => {
    const wrong = await login(owner.email, 'not the password');
    const unknown = await login('nobody@example.com', 'not the password');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
  });

  it('names the missing field', async () => {
    const res = await login('', '');
    expect(res.status).toBe(400);
    expect((await res.json()).details.map((d: { field: string }) => d.field)).toEqual(['email', 'password']);
  });

  it('limits failed attempts with 429 and Retry-After, even for the right password', async () => {
    const email = (await api.owner('dave@example.com')).email;
    for (let i = 0; i < 5; i++) expect((await login(email, 'wrong password!')).status).toBe(401);
    const blocked = await login(email, 'correct horse battery');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
