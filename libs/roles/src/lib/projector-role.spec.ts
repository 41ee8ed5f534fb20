import type { Projection } from '@regicam/event-sourcing';
import { SqliteEventStore } from '@regicam/event-store/sqlite';
import { SqliteReadStore } from '@regicam/read-store/sqlite';
import { projectorRole } from './projector-role';
import { StatusBoard } from './status-board';
import { SystemHealth } from './system-health';

const counting: Projection = {
  name: 'counts',
  filter: undefined,
  collections: [{ name: 'counts', indexes: {} }],
  project: async (event, lookup) => {
    const current = await lookup<{ id: string; version: number; n: number }>('counts', event.streamName);
    const doc = { id: event.streamName, version: (current?.version ?? 0) + 1, n: (current?.n ?? 0) + 1 };
    return [{ collection: 'counts', op: 'upsert', doc }];
  },
};

describe('the projector role', () => {
  let clock: Date;
  let events: SqliteEventStore;
  let store: SqliteReadStore;
  let board: StatusBoard;
  const role = (instanceId: string) =>
    projectorRole([counting], events, store, board, { instanceId, heartbeatMs: 60_000, now: () => clock });
  const health = () =>
    new SystemHealth({
      dependencies: [{ name: 'read store', check: async () => void (await store.checkpoint('x')) }],
      events,
      store,
      board,
      projections: [counting],
      now: () => clock,
    });

  beforeEach(async () => {
    clock = new Date('2026-12-01T00:00:00Z');
    events = new SqliteEventStore({ path: ':memory:', pollIntervalMs: 5 });
    store = new SqliteReadStore(':memory:');
    board = await StatusBoard.open(store);
  });
  afterEach(async () => {
    await store.close();
    await events.close();
  });

  it('runs each projection in one process; the other stands by, and takes over once it is released', async () => {
    const a = role('a');
    const b = role('b');
    await a.start();
    await b.start();
    expect((await a.report())[0]).toMatchObject({ part: 'projection:counts', state: 'running', ready: true });
    expect((await b.report())[0]).toMatchObject({ state: 'standby', ready: true });
    expect(await board.read('projection:counts')).toMatchObject({ holder: 'a' });

    await a.stop();
    expect(await board.read('projection:counts')).toMatchObject({ holder: null, state: 'stopped' });
    await (b as unknown as { heartbeat: () => Promise<void> }).heartbeat();
    expect((await b.report())[0]).toMatchObject({ state: 'running' });
    await b.stop();
  });

  it('a holder that stops renewing loses the projection once its claim runs out', async () => {
    const a = role('a');
    const b = role('b');
    await a.start();
    await b.start();
    clock = new Date(clock.getTime() + 3 * 60_000 + 1);
    await (b as unknown as { heartbeat: () => Promise<void> }).heartbeat();
    expect(await board.read('projection:counts')).toMatchObject({ holder: 'b' });
    await (a as unknown as { heartbeat: () => Promise<void> }).heartbeat();
    expect((await a.report())[0]).toMatchObject({ state: 'standby' });
    await a.stop();
    await b.stop();
  });

  describe('readiness', () => {
    it('is not ready while no process runs a projection, and ready once one does', async () => {
      await events.append('s1', [{ id: crypto.randomUUID(), type: 'Counted.v1', data: {} }], {
        expectedRevision: 'no_stream',
      });
      const before = await health().readiness();
      expect(before.ready).toBe(false);
      expect(before.projections[0]).toMatchObject({ name: 'counts', state: 'stopped', behind: 1, ready: false });

      const a = role('a');
      await a.start();
      const during = await health().readiness();
      expect(during.ready).toBe(true);
      expect(during.projections[0]).toMatchObject({ state: 'running', holder: 'a' });

      await a.stop();
      expect((await health().readiness()).ready).toBe(false);
    });

    it('is not ready when a dependency does not answer, and names it', async () => {
      const h = new SystemHealth({
        dependencies: [{ name: 'event store', check: async () => Promise.reject(new Error('SQLITE_CANTOPEN')) }],
        events,
        store,
        board,
        projections: [counting],
      });
      expect(await h.readiness()).toMatchObject({
        ready: false,
        dependencies: [{ name: 'event store', ok: false, error: 'SQLITE_CANTOPEN' }],
      });
    });
  });
});
