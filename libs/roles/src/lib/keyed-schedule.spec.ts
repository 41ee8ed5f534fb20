import type { Collection } from '@regicam/read-store';
import { SqliteReadStore } from '@regicam/read-store/sqlite';
import { KeyedSchedule, type ScheduledState } from './keyed-schedule';

type State = ScheduledState & { runs: number };

/** A schedule whose work on a key waits until released, then counts the run and is due again in a minute. */
class Counting extends KeyedSchedule<string, State> {
  readonly gates = new Map<string, () => void>();

  constructor(states: Collection<State>, now: () => Date, instanceId: string, concurrency = 10) {
    super(states, {
      name: 'counting',
      targets: async () => ['k1', 'k2', 'k3'],
      keyOf: (k) => k,
      initialState: (k, at) => ({
        id: k,
        version: 0,
        runs: 0,
        nextAt: at.toISOString(),
        claimedBy: null,
        claimedUntil: null,
      }),
      concurrency,
      instanceId,
      now,
    });
  }

  protected async work(key: string, claimed: State): Promise<void> {
    await new Promise<void>((release) => this.gates.set(key, release));
    await this.save(claimed, {
      runs: claimed.runs + 1,
      nextAt: this.later(60_000),
      claimedBy: null,
      claimedUntil: null,
    });
  }

  releaseAll(): void {
    for (const release of this.gates.values()) release();
    this.gates.clear();
  }
}

describe('KeyedSchedule', () => {
  let store: SqliteReadStore;
  let states: Collection<State>;
  let now = Date.parse('2026-12-01T00:00:00.000Z');
  const clock = () => new Date(now);

  beforeEach(async () => {
    store = new SqliteReadStore(':memory:');
    states = await store.collection<State>('states');
  });
  afterEach(() => store.close());

  it('gives each key to one instance at a time, and works on no more keys at once than allowed', async () => {
    const a = new Counting(states, clock, 'a', 2);
    const b = new Counting(states, clock, 'b');
    await a.tick();
    await b.tick();
    expect(a.inProgress).toEqual(['k1', 'k2']);
    expect(b.inProgress).toEqual(['k3']);
    a.releaseAll();
    b.releaseAll();
    await Promise.all([a.idle(), b.idle()]);
    expect((await states.find({})).items.map((s) => [s.id, s.runs, s.claimedBy])).toEqual([
      ['k1', 1, null],
      ['k2', 1, null],
      ['k3', 1, null],
    ]);
  });

  it('works on a key again only once it is due, unless forced', async () => {
    const a = new Counting(states, clock, 'a');
    await a.tick();
    a.releaseAll();
    await a.idle();
    await a.tick();
    expect(a.inProgress).toEqual([]);
    now += 60_000;
    await a.tick();
    expect(a.inProgress).toEqual(['k1', 'k2', 'k3']);
    a.releaseAll();
    await a.idle();
    const forced = a.runNow();
    await new Promise((r) => setTimeout(r, 50));
    a.releaseAll();
    await forced;
    expect((await states.get('k1'))?.runs).toBe(3);
  });

  it('takes over a key whose holder stopped renewing its claim', async () => {
    const a = new Counting(states, clock, 'a');
    await a.tick();
    const b = new Counting(states, clock, 'b');
    await b.tick();
    expect(b.inProgress).toEqual([]);
    now += 120_001;
    await b.tick();
    expect(b.inProgress).toEqual(['k1', 'k2', 'k3']);
    b.releaseAll();
    await b.idle();
    a.releaseAll();
    await a.idle();
    // The stalled holder's late save loses: it wrote over a version that is gone.
    expect((await states.find({})).items.map((s) => s.runs)).toEqual([1, 1, 1]);
  });

  it('stop waits for the work in hand and starts no more', async () => {
    const a = new Counting(states, clock, 'a');
    a.start();
    await new Promise((r) => setTimeout(r, 50));
    expect(a.started).toBe(true);
    const stopped = a.stop();
    expect(a.stopping).toBe(true);
    a.releaseAll();
    await stopped;
    expect(a.inProgress).toEqual([]);
    expect(a.started).toBe(false);
  });
});
