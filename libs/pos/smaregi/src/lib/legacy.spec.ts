import { PosRejectedError, PosUnavailableError } from '@regicam/pos';
import { generateStoreDay, PosSimulator } from '@regicam/pos/simulator';
import { SmaregiLegacyClient, SmaregiRequestError } from './legacy-client';
import { SmaregiLegacySource } from './sources';

const TOKEN = 'legacy-secret-token-5f1c';
const sim = new PosSimulator();
let url = '';

const client = (contractId: string, extra: Partial<ConstructorParameters<typeof SmaregiLegacyClient>[0]> = {}) =>
  new SmaregiLegacyClient({
    baseUrl: `${url}/smaregi/webapi/access/`,
    contractId,
    accessToken: TOKEN,
    timeoutMs: 2_000,
    pageSize: 7,
    retry: { baseDelayMs: 5 },
    ...extra,
  });

/** The error a promise rejects with, checked never to carry the token. */
async function failure(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: Error) => e,
  );
  expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(TOKEN);
  return error;
}

beforeAll(async () => {
  url = await sim.start(0);
  sim.smaregi.addContract({ contractId: 'c1', accessToken: TOKEN });
  sim.smaregi.addContract({ contractId: 'noread', accessToken: TOKEN, transactionsReadEnabled: false });
  sim.smaregi.addContract({ contractId: 'noreceive', accessToken: TOKEN, receiveEnabled: false });
});
afterEach(() => sim.smaregiFaults.reset());
afterAll(() => sim.stop());

describe('verify', () => {
  it('accepts good credentials and a known register', async () => {
    await expect(client('c1').verify('2')).resolves.toEqual({ terminalId: '2', terminalName: 'レジ2', storeId: '1' });
  });

  it('names wrong credentials, without the token', async () => {
    const error = await failure(client('c1', { accessToken: 'wrong' }).verify('2'));
    expect(error).toBeInstanceOf(PosRejectedError);
    expect(error).toMatchObject({ reason: 'credentials' });
    expect(error.message).toContain('アクセストークン');
  });

  it('asks for 取引情報参照 when it is off', async () => {
    const error = await failure(client('noread').verify('2'));
    expect(error).toMatchObject({ reason: 'permission' });
    expect(error.message).toContain('「取引情報参照」を「利用する」');
  });

  it('asks for 受信機能 when it is off', async () => {
    const error = await failure(client('noreceive').verify('2'));
    expect(error).toMatchObject({ reason: 'permission' });
    expect(error.message).toContain('受信機能を利用する');
  });

  it('names an unknown register', async () => {
    const error = await failure(client('c1').verify('9'));
    expect(error).toMatchObject({ reason: 'terminal' });
    expect(error.message).toContain('端末ID 9');
  });
});

describe('polling a generated day', () => {
  const sales = generateStoreDay({ seed: 42, date: '2024-05-01', count: 60 });
  const since = new Date('2024-05-01T00:00:00+09:00');
  const now = new Date('2024-05-02T00:00:00+09:00');

  beforeAll(() => sim.smaregi.addContract({ contractId: 'day', accessToken: TOKEN }));

  it('reads every row back through the pages', async () => {
    sim.smaregi.loadDay('day', sales);
    const before = sim.smaregi.requests.length;
    const result = await new SmaregiLegacySource(client('day')).poll(null, { now, since });
    const rows = [...sim.smaregi.contract('day').rows.values()];
    const expected = rows.flatMap((r) =>
      r['cancelDivision'] === '1'
        ? [r['transactionHeadId'], `${r['transactionHeadId']}#cancel`]
        : [r['transactionHeadId']],
    );
    expect(result.transactions.map((t) => t.transactionId).sort()).toEqual(expected.sort());
    expect(result.rejected).toEqual([]);
    expect(sim.smaregi.requests.length - before).toBe(Math.ceil(rows.length / 7));
    for (const sale of sales.filter((s) => s.kind === 'payment')) {
      const found = result.transactions.find((t) => t.receiptNo === sale.receiptNo && t.kind === 'payment');
      expect(found).toMatchObject({
        occurredAt: sale.at,
        total: sale.total,
        terminalId: sale.terminalId,
        change: sale.change,
      });
    }
    expect(new Set(result.transactions.map((t) => t.terminalId))).toEqual(new Set(['1', '2', '3']));
    expect(result.transactions.some((t) => t.kind === 'cancel')).toBe(true);
  });
});

describe('a cancel after the first poll', () => {
  const at = (time: string) => new Date(`2024-06-01T${time}+09:00`);

  it('is seen by the next poll through the trailing window, even stamped before the checkpoint', async () => {
    sim.smaregi.addContract({ contractId: 'late', accessToken: TOKEN });
    sim.smaregi.setClock(at('10:00:00'));
    const [first] = sim.smaregi.addRows('late', [{ total: '500', deposit: '500' }]);
    sim.smaregi.setClock(at('10:05:00'));
    sim.smaregi.addRows('late', [{ total: '700', deposit: '1000', charge: '300' }]);
    sim.smaregi.setClock(null);
    const source = new SmaregiLegacySource(client('late'));
    const blind = new SmaregiLegacySource(client('late'), { trailingWindowMs: 0 });
    const firstPoll = await source.poll(null, { now: at('10:06:00'), since: at('09:00:00') });
    expect(firstPoll.transactions.map((t) => t.kind)).toEqual(['payment', 'payment']);
    expect(firstPoll.checkpoint).toBe('2024-06-01T10:05:00+09:00');

    // Registered offline: the cancel's updDateTime is before the checkpoint.
    sim.smaregi.cancel('late', first, at('10:03:00'));
    const next = await source.poll(firstPoll.checkpoint, { now: at('10:07:00'), since: at('09:00:00') });
    expect(next.transactions.find((t) => t.kind === 'cancel')).toMatchObject({
      transactionId: `${first}#cancel`,
      refersTo: first,
      occurredAt: '2024-06-01T10:03:00+09:00',
    });
    const without = await blind.poll(firstPoll.checkpoint, { now: at('10:07:00'), since: at('09:00:00') });
    expect(without.transactions.some((t) => t.kind === 'cancel')).toBe(false);
  });
});

describe('faults', () => {
  const window = { now: new Date('2024-05-02T00:00:00+09:00'), since: new Date('2024-05-01T00:00:00+09:00') };

  it('waits out 429 twice (Retry-After) and goes on', async () => {
    sim.smaregiFaults.set({ next429: 2 });
    await expect(client('c1').verify('1')).resolves.toMatchObject({ terminalId: '1' });
    expect(sim.smaregiFaults.settings.next429).toBe(0);
  }, 10_000);

  it('gives up on 503 after its attempts with PosUnavailableError', async () => {
    sim.smaregiFaults.set({ next5xx: 10 });
    const error = await failure(new SmaregiLegacySource(client('c1')).poll(null, window));
    expect(error).toBeInstanceOf(PosUnavailableError);
    expect(error.message).toBe('Smaregi transaction_ref: HTTP 503 after 4 attempt(s)');
    expect(sim.smaregiFaults.settings.next5xx).toBe(6);
  });

  it('treats a body that is not JSON as unavailable for this call', async () => {
    sim.smaregiFaults.set({ nextMalformed: 1 });
    const error = await failure(client('c1').verify('1'));
    expect(error).toBeInstanceOf(PosUnavailableError);
    await expect(client('c1').verify('1')).resolves.toMatchObject({ terminalId: '1' });
  });

  it('times out a slow answer and retries', async () => {
    sim.smaregiFaults.set({ delayMs: 300 });
    const error = await failure(client('c1', { timeoutMs: 50, retry: { attempts: 2, baseDelayMs: 5 } }).verify('1'));
    expect(error).toBeInstanceOf(PosUnavailableError);
    expect(error.message).toContain('no answer within 50 ms after 2 attempt(s)');
  });

  it('puts malformed rows into rejected with the reason and skips non-sales', async () => {
    sim.smaregi.addContract({ contractId: 'bad', accessToken: TOKEN });
    sim.smaregi.setClock(new Date('2024-05-01T12:00:00+09:00'));
    sim.smaregi.addRows('bad', [
      { total: '900', deposit: '1000', charge: '100' },
      { total: 'abc' },
      { transactionHeadId: '' },
      { terminalTranDateTime: '昨日' },
      { transactionHeadDivision: '2' },
    ]);
    sim.smaregi.setClock(null);
    const result = await new SmaregiLegacySource(client('bad')).poll(null, window);
    expect(result.transactions).toHaveLength(1);
    expect(result.rejected.map((r) => r.reason).sort()).toEqual(
      [
        'terminalTranDateTime "昨日" is not a time',
        'total "abc" is not a number',
        'transactionHeadId is missing',
      ].sort(),
    );
  });

  it('refuses a page above 1000 rows as a request error', async () => {
    const error = await failure(client('c1', { pageSize: 1001 }).transactionsUpdatedSince(window.since));
    expect(error).toBeInstanceOf(SmaregiRequestError);
  });
});

describe('a backlog longer than the poll window', () => {
  const day = (d: number, time = '12:00:00') => new Date(`2024-07-0${d}T${time}+09:00`);

  it('is read one window at a time, each poll saying whether more follows, until it is caught up', async () => {
    sim.smaregi.addContract({ contractId: 'backlog', accessToken: TOKEN });
    for (const d of [1, 2, 3]) {
      sim.smaregi.setClock(day(d));
      sim.smaregi.addRows('backlog', [{ total: String(100 * d), deposit: '1000' }]);
    }
    sim.smaregi.setClock(null);
    const source = new SmaregiLegacySource(client('backlog'), { pollWindowMs: 86_400_000, trailingWindowMs: 0 });
    const options = { now: day(4), since: day(1, '00:00:00') };
    const totals: number[][] = [];
    const mores: boolean[] = [];
    let checkpoint: string | null = null;
    for (let i = 0; i < 5; i++) {
      const r = await source.poll(checkpoint, options);
      totals.push(r.transactions.map((t) => t.total));
      mores.push(r.more ?? false);
      checkpoint = r.checkpoint;
      if (!r.more) break;
    }
    expect(totals).toEqual([[100], [200], [300], []]);
    expect(mores).toEqual([true, true, true, false]);
  });
});
