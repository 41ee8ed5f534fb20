import { SqliteEventStore } from '@regicam/event-store/sqlite';
import { SqliteReadStore } from '@regicam/read-store/sqlite';
import { Projector, waitForCheckpoint, type Projection } from './projector';

/** Counts events per stream; throws on events whose data says so, while `failing` holds. */
function countingProjection(failing: { on: boolean }): Projection {
  return {
    name: 'counts',
    filter: undefined,
    collections: [{ name: 'counts', indexes: {} }],
    project: async (event, lookup) => {
      if (failing.on && event.data['poison']) throw new Error(`cannot project ${event.id}`);
      const current = await lookup<{ id: string; version: number; n: number }>('counts', event.streamName);
      return [
        {
          collection: 'counts',
          op: 'upsert',
          doc: { id: event.streamName, version: (current?.version ?? 0) + 1, n: (current?.n ?? 0) + 1 },
        },
      ];
    },
  };
}

const until = async (what: string, check: () => boolean | Promise<boolean>, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('Projector', () => {
  let events: SqliteEventStore;
  let store: SqliteReadStore;
  const append = (stream: string, data: Record<string, unknown> = {}) =>
    events.append(stream, [{ id: crypto.randomUUID(), type: 'Counted.v1', data }], { expectedRevision: 'any' });

  beforeEach(() => {
    events = new SqliteEventStore({ path: ':memory:', pollIntervalMs: 5 });
    store = new SqliteReadStore(':memory:');
  });
  afterEach(async () => {
    await store.close();
    await events.close();
  });

  it('projects, checkpoints, and resumes after a stop without counting an event twice', async () => {
    const p = new Projector(countingProjection({ on: false }), events, store);
    await p.start();
    await append('s1');
    const { position } = await append('s1');
    await p.waitFor(position);
    await p.stop();
    await append('s1');
    const again = new Projector(countingProjection({ on: false }), events, store);
    await again.start();
    const last = await append('s2');
    await again.waitFor(last.position);
    expect(await (await store.collection('counts')).get('s1')).toMatchObject({ n: 3 });
    expect(again.status()).toMatchObject({ state: 'running', checkpoint: last.position, consecutiveFailures: 0 });
    await again.stop();
  });

  it('builds on the batch still being committed: a slow store loses no update of one document', async () => {
    // A store whose commits take a while, as a networked one does: events arrive meanwhile.
    const slow = Object.create(store) as SqliteReadStore;
    slow.commit = async (request) => {
      await new Promise((r) => setTimeout(r, 20));
      return store.commit(request);
    };
    const p = new Projector(countingProjection({ on: false }), events, slow);
    await p.start();
    let last = '';
    for (let i = 0; i < 30; i++) {
      last = (await append('s1')).position;
      if (i % 3 === 0) await new Promise((r) => setTimeout(r, 10));
    }
    await p.waitFor(last);
    await p.stop();
    expect(await (await store.collection('counts')).get('s1')).toMatchObject({ n: 30, version: 30 });
  });

  describe('a projection that throws', () => {
    it('restarts with a growing pause, says so, and catches up once the fault is gone', async () => {
      const failing = { on: true };
      const logs: string[] = [];
      const p = new Projector(countingProjection(failing), events, store, {
        restartDelayMs: 20,
        maxRestartDelayMs: 40,
        failedAfter: 3,
        log: (_level, message) => logs.push(message),
      });
      await p.start();
      const first = await append('s1');
      await p.waitFor(first.position);
      await append('s1', { poison: true });
      await until('restarting', () => p.status().state === 'restarting');
      expect(p.status()).toMatchObject({ consecutiveFailures: 1, lastError: expect.stringMatching(/cannot project/) });
      await until('failed', () => p.status().state === 'failed');
      expect(p.status().restarts).toBeGreaterThanOrEqual(2);
      expect(
        logs.some((l) => /projection counts stopped \(1 failure\(s\) in a row\), restarting in 20 ms/.test(l)),
      ).toBe(true);
      failing.on = false;
      const last = await append('s2');
      await p.waitFor(last.position, 5000);
      expect(p.status()).toMatchObject({ state: 'running', consecutiveFailures: 0 });
      expect(await (await store.collection('counts')).get('s1')).toMatchObject({ n: 2 });
      await p.stop();
      expect(p.status().state).toBe('stopped');
    });

    it('keeps the events of the batch before the failing one', async () => {
      const failing = { on: true };
      const p = new Projector(countingProjection(failing), events, store, { restartDelayMs: 1000 });
      await p.start();
      await append('a');
      await append('b');
      await append('c', { poison: true });
      await until('restarting', () => p.status().state === 'restarting');
      const counts = await store.collection('counts');
      expect(await counts.get('a')).toMatchObject({ n: 1 });
      expect(await counts.get('b')).toMatchObject({ n: 1 });
      expect(await counts.get('c')).toBeNull();
      await p.stop();
    });
  });

  describe('waitForCheckpoint', () => {
    it('sees the checkpoint a projector of another process committed, or says it did not within the time', async () => {
      const p = new Projector(countingProjection({ on: false }), events, store);
      const { position } = await append('s1');
      expect(await waitForCheckpoint(events, store, 'counts', position, { timeoutMs: 30 })).toBe(false);
      await p.start();
      expect(await waitForCheckpoint(events, store, 'counts', position, { timeoutMs: 2000 })).toBe(true);
      await p.stop();
    });
  });
});
