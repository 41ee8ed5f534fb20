import { PosRejectedError } from '@regicam/pos';
import { generateStoreDay, PosSimulator } from '@regicam/pos/simulator';
import { SmaregiPlatformClient, type SmaregiPlatformOptions } from './platform-client';
import { SmaregiPlatformSource } from './sources';

const SECRET = 'platform-client-secret-9a7e';
const sim = new PosSimulator();
let url = '';

const client = (contractId: string, extra: Partial<SmaregiPlatformOptions> = {}) =>
  new SmaregiPlatformClient({
    idBaseUrl: `${url}/smaregi/id`,
    apiBaseUrl: `${url}/smaregi/api`,
    contractId,
    clientId: 'regicam',
    clientSecret: SECRET,
    pageSize: 7,
    retry: { baseDelayMs: 5 },
    ...extra,
  });

const transactionCalls = () => sim.smaregi.requests.filter((r) => r.startsWith('GET /api/p1/pos/transactions?'));

beforeAll(async () => {
  url = await sim.start(0);
  sim.smaregi.addContract({ contractId: 'p1', accessToken: 'unused', clientId: 'regicam', clientSecret: SECRET });
});
afterEach(() => sim.smaregiFaults.reset());
afterAll(() => sim.stop());

describe('Platform API', () => {
  it('reads a generated day through the pages with one cached token', async () => {
    const sales = generateStoreDay({ seed: 7, date: '2024-05-01', count: 60 });
    sim.smaregi.loadDay('p1', sales);
    const issued = sim.smaregi.tokensIssued;
    const source = new SmaregiPlatformSource(client('p1'));
    const window = { now: new Date('2024-05-02T00:00:00+09:00'), since: new Date('2024-05-01T00:00:00+09:00') };
    const first = await source.poll(null, window);
    const again = await source.poll(first.checkpoint, window);
    const rows = [...sim.smaregi.contract('p1').rows.values()];
    const cancels = rows.filter((r) => r['cancelDivision'] === '1').length;
    expect(first.transactions).toHaveLength(rows.length + cancels);
    expect(first.rejected).toEqual([]);
    for (const sale of sales.filter((s) => s.kind === 'payment')) {
      const found = first.transactions.find((t) => t.receiptNo === sale.receiptNo && t.kind === 'payment');
      expect(found).toMatchObject({
        occurredAt: sale.at,
        total: sale.total,
        change: sale.change,
        deposit: sale.deposit,
      });
    }
    expect(again.transactions.length).toBeGreaterThan(0);
    expect(sim.smaregi.tokensIssued - issued).toBe(1);
  });

  it('splits a range longer than 31 days into windows the API accepts', async () => {
    sim.smaregi.addRows('p1', [
      { updDateTime: '2023-01-05 10:00:00', terminalTranDateTime: '2023-01-05 10:00:00' },
      { updDateTime: '2023-02-20 10:00:00', terminalTranDateTime: '2023-02-20 10:00:00' },
      { updDateTime: '2023-03-10 10:00:00', terminalTranDateTime: '2023-03-10 10:00:00' },
    ]);
    const before = transactionCalls().length;
    const rows = await client('p1').transactionsUpdatedSince(
      new Date('2023-01-01T00:00:00+09:00'),
      new Date('2023-03-12T00:00:00+09:00'),
    );
    expect(rows.map((r) => r['updDateTime'])).toEqual([
      '2023-01-05T10:00:00+09:00',
      '2023-02-20T10:00:00+09:00',
      '2023-03-10T10:00:00+09:00',
    ]);
    const windows = new Set(
      transactionCalls()
        .slice(before)
        .map((r) => new URL(r.slice(4), url).searchParams.get('upd_date_time-from')),
    );
    expect(windows.size).toBe(3);
  });

  it('answers the documented error shape for a range over 31 days', async () => {
    const token = await fetch(`${url}/smaregi/id/app/p1/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`regicam:${SECRET}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'pos.transactions:read' }),
    }).then((r) => r.json() as Promise<{ access_token: string; token_type: string }>);
    expect(token.token_type).toBe('Bearer');
    const query = new URLSearchParams({
      'upd_date_time-from': '2023-01-01T00:00:00+09:00',
      'upd_date_time-to': '2023-02-15T00:00:00+09:00',
    });
    const response = await fetch(`${url}/smaregi/api/p1/pos/transactions?${query}`, {
      headers: { Authorization: `Bearer ${token.access_token}` },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      title: 'Bad Request',
      status: 400,
      detail: expect.stringContaining('31'),
    });
  });

  it('renews the token when it is about to expire', async () => {
    let now = Date.now();
    const c = client('p1', { now: () => now });
    const issued = sim.smaregi.tokensIssued;
    await c.verify('1');
    await c.verify('1');
    now += 3_600_000;
    await c.verify('1');
    expect(sim.smaregi.tokensIssued - issued).toBe(2);
  });

  it('refuses a wrong secret as credentials, without the secret', async () => {
    const error = await client('p1', { clientSecret: 'wrong-secret' })
      .verify('1')
      .catch((e: Error) => e);
    expect(error).toBeInstanceOf(PosRejectedError);
    expect(error).toMatchObject({ reason: 'credentials' });
    expect(JSON.stringify(error) + (error as Error).message).not.toContain(SECRET);
  });

  it('refuses a missing scope as permission and an unknown register as terminal', async () => {
    const noScope = client('p1', { scopes: ['pos.stores:read'] });
    await expect(noScope.transactionsByIds(['1'])).rejects.toMatchObject({ reason: 'permission' });
    await expect(client('p1').verify('9')).rejects.toMatchObject({ reason: 'terminal' });
  });
});
