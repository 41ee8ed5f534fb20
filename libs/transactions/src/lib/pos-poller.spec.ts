import { SqliteEventStore } from '@regicam/event-store/sqlite';
import { PosRejectedError, PosUnavailableError, type PollResult, type PosTransaction } from '@regicam/pos';
import { SqliteReadStore } from '@regicam/read-store/sqlite';
import { PosIngest } from './pos-ingest';
import { PosPoller, type PollTarget, type PosPollerOptions } from './pos-poller';

/** A sale as a connector hands it over. */
function sale(id: string, change: Partial<PosTransaction> = {}): PosTransaction {
  return {
    transactionId: id,
    provider: 'smaregi',
    contractId: 'c1',
    storeId: '1',
    terminalId: '1',
    receiptNo: id,
    kind: 'payment',
    occurredAt: '2026-12-01T01:00:00.000Z',
    total: 100,
    deposit: 100,
    change: 0,
    currency: 'JPY',
    staff: null,
    refersTo: null,
    ...change,
  };
}

/** A source that answers what the test scripts, and counts its polls. */
class ScriptedSource {
  polls: (string | null)[] = [];
  private pending: { resolve: (r: PollResult) => void; reject: (e: unknown) => void }[] = [];
  constructor(private readonly answer?: (checkpoint: string | null, n: number) => PollResult | Error) {}

  poll(checkpoint: string | null): Promise<PollResult> {
    this.polls.push(checkpoint);
    if (this.answer) {
      const a = this.answer(checkpoint, this.polls.length);
      return a instanceof Error ? Promise.reject(a) : Promise.resolve(a);
    }
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  }

  release(result: PollResult): void {
    this.pending.shift()?.resolve(result);
  }
}

const ok = (checkpoint: string, transactions: PosTransaction[] = [], more = false): PollResult => ({
  transactions,
  rejected: [],
  checkpoint,
  more,
});

describe('PosPoller', () => {
  let clock: Date;
  let read: SqliteReadStore;
  let events: SqliteEventStore;
  let ingest: PosIngest;
  const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));

  beforeEach(async () => {
    clock = new Date('2026-12-01T00:00:00.000Z');
    read = new SqliteReadStore(':memory:');
    events = new SqliteEventStore({ path: ':memory:' });
    ingest = await PosIngest.open(events, read, () => clock);
  });

  afterEach(async () => {
    await read.close();
    await events.close();
  });

  const poller = (targets: PollTarget[], options: PosPollerOptions = {}) =>
    PosPoller.open(read, ingest, async () => targets, { now: () => clock, intervalMs: 30_000, ...options });

  const target = (key: string, source: ScriptedSource): PollTarget => ({
    key,
    source,
    since: new Date('2026-11-30T00:00:00Z'),
  });

  describe('a healthy contract', () => {
    it('is polled when due, not again before its interval, and again after it', async () => {
      const source = new ScriptedSource((_, n) => ok(`cp${n}`));
      const p = await poller([target('smaregi:c1', source)]);
      await p.tick();
      await p.idle();
      expect(source.polls).toEqual([null]);
      advance(29_000);
      await p.tick();
      await p.idle();
      expect(source.polls).toHaveLength(1);
      advance(1_000);
      await p.tick();
      await p.idle();
      expect(source.polls).toEqual([null, 'cp1']);
      expect(await p.status('smaregi:c1')).toMatchObject({
        status: 'ok',
        checkpoint: 'cp2',
        lastError: null,
        claimedBy: null,
      });
    });

    it('records the transactions it reads, once however often they are read', async () => {
      const source = new ScriptedSource(() => ok('cp', [sale('1'), sale('2')]));
      const p = await poller([target('smaregi:c1', source)]);
      for (let i = 0; i < 3; i++) {
        await p.tick();
        await p.idle();
        advance(30_000);
      }
      expect(source.polls).toHaveLength(3);
      expect((await events.readAll()).map((e) => e.streamName)).toEqual([
        'transaction-smaregi-c1-1',
        'transaction-smaregi-c1-2',
      ]);
      expect((await p.status('smaregi:c1'))?.recorded).toBe(2);
    });
  });

  describe('one slow contract among others', () => {
    it('never delays the others', async () => {
      const slow = new ScriptedSource();
      const quick = new ScriptedSource((_, n) => ok(`q${n}`));
      const p = await poller([target('smaregi:slow', slow), target('smaregi:quick', quick)]);
      const quickDone = async () => {
        while (p.inProgress.includes('smaregi:quick')) await new Promise((r) => setTimeout(r, 1));
      };
      await p.tick();
      expect(p.inProgress).toContain('smaregi:slow');
      await quickDone();
      advance(30_000);
      await p.tick();
      await quickDone();
      advance(30_000);
      await p.tick();
      await quickDone();
      expect(quick.polls).toHaveLength(3);
      expect(slow.polls).toHaveLength(1);
      slow.release(ok('s1'));
      await p.idle();
      expect((await p.status('smaregi:slow'))?.checkpoint).toBe('s1');
    });
  });

  describe('a failing contract', () => {
    it('backs off alone, doubling, and recovers', async () => {
      let failing = true;
      const source = new ScriptedSource((_, n) => (failing ? new PosUnavailableError('HTTP 503') : ok(`cp${n}`)));
      const p = await poller([target('smaregi:c1', source)]);
      await p.tick();
      await p.idle();
      expect(await p.status('smaregi:c1')).toMatchObject({ status: 'failing', failures: 1, lastError: 'HTTP 503' });
      advance(1_999);
      await p.tick();
      await p.idle();
      expect(source.polls).toHaveLength(1);
      advance(1);
      await p.tick();
      await p.idle();
      expect(await p.status('smaregi:c1')).toMatchObject({ failures: 2, nextAt: '2026-12-01T00:00:06.000Z' });
      failing = false;
      advance(4_000);
      await p.tick();
      await p.idle();
      expect(await p.status('smaregi:c1')).toMatchObject({ status: 'ok', failures: 0, lastError: null });
    });

    it('waits an hour when the POS refuses the credentials, and says the owner must act', async () => {
      const source = new ScriptedSource(() => new PosRejectedError('credentials', 'the token was revoked'));
      const p = await poller([target('ubiregi:7', source)]);
      await p.tick();
      await p.idle();
      expect(await p.status('ubiregi:7')).toMatchObject({
        status: 'needs_reconnect',
        lastError: 'the token was revoked',
        nextAt: '2026-12-01T01:00:00.000Z',
      });
    });
  });

  describe('a long backlog', () => {
    it('is checkpointed window by window: a failure keeps the windows already done', async () => {
      const source = new ScriptedSource((checkpoint, n) =>
        n <= 2 ? ok(`w${n}`, [sale(`s${n}`)], true) : new PosUnavailableError('HTTP 502'),
      );
      const p = await poller([target('smaregi:c1', source)]);
      await p.tick();
      await p.idle();
      expect(source.polls).toEqual([null, 'w1', 'w2']);
      expect(await p.status('smaregi:c1')).toMatchObject({ checkpoint: 'w2', status: 'failing', recorded: 2 });
    });
  });

  describe('rows that cannot be recorded', () => {
    it('are dead-lettered with the reason and the poll moves on', async () => {
      const source = new ScriptedSource(() => ({
        transactions: [sale('1', { total: Number.POSITIVE_INFINITY }), sale('2')],
        rejected: [{ raw: { transactionHeadId: 'x' }, reason: 'total: not a number' }],
        checkpoint: 'cp1',
      }));
      const p = await poller([target('smaregi:c1', source)]);
      await p.tick();
      await p.idle();
      expect(await p.status('smaregi:c1')).toMatchObject({ status: 'ok', checkpoint: 'cp1', recorded: 1 });
      const dead = await ingest.deadLetters('smaregi:c1');
      expect(dead.map((d) => d.reason).sort()).toEqual(['total: not a number', 'total: total must be a number']);
    });
  });

  describe('several pollers on one store', () => {
    it('poll a contract once: the one holding the claim', async () => {
      const source = new ScriptedSource();
      const a = await poller([target('smaregi:c1', source)], { instanceId: 'a' });
      const b = await poller([target('smaregi:c1', source)], { instanceId: 'b' });
      await Promise.all([a.tick(), b.tick()]);
      expect([...a.inProgress, ...b.inProgress]).toEqual(['smaregi:c1']);
      expect((await a.status('smaregi:c1'))?.claimedBy).toBe(a.inProgress.length ? 'a' : 'b');
      source.release(ok('cp1'));
      await Promise.all([a.idle(), b.idle()]);
      expect(source.polls).toHaveLength(1);
    });

    it('take over a contract whose claim ran out', async () => {
      const source = new ScriptedSource();
      const a = await poller([target('smaregi:c1', source)], { instanceId: 'a', claimMs: 60_000 });
      await a.tick();
      const b = await poller([target('smaregi:c1', new ScriptedSource(() => ok('b1')))], { instanceId: 'b' });
      await b.tick();
      expect(b.inProgress).toEqual([]);
      advance(60_001);
      await b.tick();
      await b.idle();
      expect((await b.status('smaregi:c1'))?.checkpoint).toBe('b1');
      source.release(ok('late'));
      await a.idle();
      expect((await a.status('smaregi:c1'))?.checkpoint).toBe('b1');
    });
  });

  describe('an early poll asked for by a push', () => {
    it('moves the next poll to now, merging requests within the debounce', async () => {
      const source = new ScriptedSource((_, n) => ok(`cp${n}`));
      const p = await poller([target('smaregi:c1', source)]);
      await p.tick();
      await p.idle();
      advance(1_000);
      expect(await p.requestPoll('smaregi:c1')).toBe(true);
      expect(await p.requestPoll('smaregi:c1')).toBe(false);
      await p.tick();
      await p.idle();
      expect(source.polls).toHaveLength(2);
      advance(1_000);
      expect(await p.requestPoll('smaregi:c1')).toBe(false);
      advance(5_000);
      expect(await p.requestPoll('smaregi:c1')).toBe(true);
    });
  });

  describe('stop', () => {
    it('waits for the poll in progress to save its window', async () => {
      const source = new ScriptedSource();
      const p = await poller([target('smaregi:c1', source)], { tickMs: 60_000 });
      p.start();
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
      const stopping = p.stop();
      let stopped = false;
      void stopping.then(() => (stopped = true));
      await new Promise((r) => setTimeout(r, 20));
      expect(stopped).toBe(false);
      source.release(ok('cp1', [sale('1')]));
      await stopping;
      expect((await p.status('smaregi:c1'))?.checkpoint).toBe('cp1');
    });
  });
});
