import { PosUnavailableError } from '@regicam/pos';
import { PosSimulator, generateStoreDay } from '@regicam/pos/simulator';
import type { TerminalMapping } from './checkout-mapping';
import { UbiregiClient } from './ubiregi-client';
import { UbiregiSource } from './ubiregi-source';

const ACCOUNT = {
  id: 4001,
  login: 'bakery',
  password: 'pass',
  clientId: 'safie-app',
  clientSecret: 'safie-secret',
  redirectUris: ['https://regicam.example/pos/ubiregi/callback'],
  name: 'ベーカリー',
};
const RETRY = { attempts: 4, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 2000 };
const THREE_REGISTERS: TerminalMapping = {
  by: 'field',
  field: 'device_id',
  terminals: ['1', '2', '3'].map((id) => ({ terminalId: id, name: `レジ${id}` })),
};
const DAY_START = new Date('2024-03-01T00:00:00+09:00');

describe('UbiregiSource against the simulator', () => {
  let pos: PosSimulator;
  let base: string;

  beforeEach(async () => {
    pos = new PosSimulator();
    base = `${await pos.start(0)}/ubiregi`;
    pos.ubiregi.addAccount(ACCOUNT);
    pos.ubiregi.setNow('2024-03-01T22:00:00+09:00');
  });
  afterEach(() => pos.stop());

  function source(options: { terminalMapping?: TerminalMapping; retry?: typeof RETRY } = {}) {
    const issued = pos.ubiregi.issueTokens(ACCOUNT.id, ACCOUNT.clientId);
    const client = new UbiregiClient({
      apiBaseUrl: `${base}/api/3`,
      tokens: { accessToken: issued.access_token, refreshToken: issued.refresh_token },
      terminalMapping: options.terminalMapping ?? THREE_REGISTERS,
      retry: options.retry ?? RETRY,
    });
    return { client, source: new UbiregiSource(client) };
  }

  // Our clock agrees with Ubiregi's (the simulator's), as it does in production.
  const poll = (s: UbiregiSource, checkpoint: string | null = null) =>
    s.poll(checkpoint, { now: pos.ubiregi.now(), since: DAY_START });

  it('reads a whole generated day through next-url, every checkout mapped', async () => {
    pos.ubiregi.pageSize = 25;
    pos.ubiregi.loadDay(
      ACCOUNT.id,
      generateStoreDay({ seed: 7, date: '2024-03-01', count: 60, terminals: ['1', '2', '3'] }),
    );
    const { client, source: s } = source();
    const checkouts = pos.ubiregi.checkouts(ACCOUNT.id);

    const batch = await client.checkoutsSince(DAY_START);
    const result = await poll(s);

    expect(batch.pages).toBe(Math.ceil(checkouts.length / 25));
    expect(batch.pages).toBeGreaterThanOrEqual(2);
    expect(result.rejected).toEqual([]);
    expect(result.checkpoint).toBe('2024-03-01T13:00:00Z');
    const expected = checkouts.flatMap((c) =>
      c.status === 'cancel' ? [String(c.id), `${c.id}#cancel`] : c.status === 'open' ? [] : [String(c.id)],
    );
    expect(result.transactions.map((t) => t.transactionId).sort()).toEqual(expected.sort());
    expect(new Set(result.transactions.map((t) => t.terminalId))).toEqual(new Set(['1', '2', '3']));
    expect(result.transactions.some((t) => t.kind === 'cancel')).toBe(true);
    expect(result.transactions.some((t) => t.kind === 'delete')).toBe(true);
    const paid = checkouts.find((c) => c.status === 'close' && c.payments.length > 0)!;
    expect(result.transactions.find((t) => t.transactionId === String(paid.id))).toEqual({
      transactionId: String(paid.id),
      provider: 'ubiregi',
      contractId: '4001',
      storeId: '4001',
      terminalId: paid.device_id,
      receiptNo: String(paid.id),
      kind: 'payment',
      occurredAt: paid.paid_at,
      total: Number(paid.price),
      deposit: Number(paid.payments[0].amount),
      change: Number(paid.change),
      currency: 'JPY',
      staff: { id: String(paid.cashier_id), name: expect.stringMatching(/^(山田|佐藤|鈴木)$/) },
      refersTo: null,
    });
  });

  it('sees a cancel made after the first poll in the next one, as its own transaction', async () => {
    pos.ubiregi.loadDay(ACCOUNT.id, generateStoreDay({ seed: 11, date: '2024-03-01', count: 20 }));
    const { source: s } = source();
    const first = await poll(s);
    const sale = pos.ubiregi.checkouts(ACCOUNT.id).find((c) => c.status === 'close')!;

    pos.ubiregi.advance(60_000);
    pos.ubiregi.cancel(ACCOUNT.id, sale.id);
    pos.ubiregi.advance(60_000);
    const second = await poll(s, first.checkpoint);

    expect(first.transactions.map((t) => t.transactionId)).not.toContain(`${sale.id}#cancel`);
    expect(second.transactions.find((t) => t.transactionId === `${sale.id}#cancel`)).toMatchObject({
      kind: 'cancel',
      refersTo: String(sale.id),
      occurredAt: '2024-03-01T13:01:00Z',
    });
    expect(second.checkpoint).toBe('2024-03-01T13:02:00Z');
  });

  it('defaults to one terminal per account', async () => {
    pos.ubiregi.addCheckout(ACCOUNT.id, { device_id: '2' });
    pos.ubiregi.advance(1000);
    const { client, source: s } = source({ terminalMapping: { by: 'account' } });

    const result = await poll(s);

    expect(await client.terminals()).toEqual([{ terminalId: '4001', name: 'ベーカリー' }]);
    expect(result.transactions.map((t) => t.terminalId)).toEqual(['4001']);
  });

  it('waits out two 429s without the caller noticing', async () => {
    pos.ubiregi.addCheckout(ACCOUNT.id);
    pos.ubiregi.advance(1000);
    pos.ubiregiFaults.set({ next429: 2 });
    const { source: s } = source({ retry: { ...RETRY, maxDelayMs: 10 } });

    const result = await poll(s);

    expect(result.transactions).toHaveLength(1);
    expect(pos.ubiregiFaults.injected['429']).toBe(2);
  });

  it('gives up on ten 503s with PosUnavailableError', async () => {
    pos.ubiregiFaults.set({ next5xx: 10 });

    await expect(poll(source().source)).rejects.toBeInstanceOf(PosUnavailableError);
    expect(pos.ubiregiFaults.injected['5xx']).toBe(4);
  });

  it('treats a body that is not JSON, and a slow answer, as unavailable', async () => {
    pos.ubiregiFaults.set({ nextMalformed: 1 });
    await expect(poll(source().source)).rejects.toBeInstanceOf(PosUnavailableError);

    pos.ubiregiFaults.set({ delayMs: 200 });
    const slow = source({ retry: { ...RETRY, attempts: 2, timeoutMs: 50 } });
    await expect(poll(slow.source)).rejects.toThrow(/no answer within 50 ms/);
  });

  it('rejects a malformed row with its reason and keeps the others; an open checkout is not a transaction yet', async () => {
    const good = pos.ubiregi.addCheckout(ACCOUNT.id, { device_id: '1' });
    const bad = pos.ubiregi.addCheckout(ACCOUNT.id, { device_id: '1', raw: { price: 1200, status: 'refunded' } });
    const unknownRegister = pos.ubiregi.addCheckout(ACCOUNT.id, { device_id: '9' });
    pos.ubiregi.addCheckout(ACCOUNT.id, { status: 'open', paid_at: null });
    // `until` is exclusive: what changed in this second is read from the next one on.
    pos.ubiregi.advance(1000);

    const result = await poll(source().source);

    expect(result.transactions.map((t) => t.transactionId)).toEqual([String(good.id)]);
    expect(result.rejected).toEqual([
      {
        raw: expect.objectContaining({ id: bad.id }),
        reason: expect.stringMatching(/^price: must be a decimal string.*; status: /),
      },
      {
        raw: expect.objectContaining({ id: unknownRegister.id }),
        reason: 'device_id: register "9" is not in the terminal mapping',
      },
    ]);
  });
});
