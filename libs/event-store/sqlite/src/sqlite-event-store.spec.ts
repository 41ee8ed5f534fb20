import { EventIdConflictError } from '@regicam/event-store';
import { eventStoreContract, newEvent, until } from '@regicam/event-store/testing';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from './lib/sqlite-event-store';

// A temporary file, so that a second store instance reopens the same storage.
eventStoreContract('SQLite (embedded)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'event-store-'));
  const path = join(dir, 'events.sqlite');
  return {
    open: async () => new SqliteEventStore({ path }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe('SQLite event store', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'event-store-'));
    store = new SqliteEventStore({ path: join(dir, 'events.sqlite'), pollIntervalMs: 20 });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a batch that repeats stored events only in part, naming the event id', async () => {
    const [a, b, c] = [newEvent('A.v1'), newEvent('B.v1'), newEvent('C.v1')];
    await store.append('link-x', [a, b], { expectedRevision: 'no_stream' });
    const partial = store.append('link-x', [a, c], { expectedRevision: 'no_stream' });
    await expect(partial).rejects.toBeInstanceOf(EventIdConflictError);
    await expect(partial).rejects.toThrow(a.id);
    // The first id is new but a later one is stored: refused as a whole, naming that one.
    const later = store.append('link-x', [c, b], { expectedRevision: 'any' });
    await expect(later).rejects.toMatchObject({ name: 'EventIdConflictError', eventId: b.id });
    expect((await store.readStream('link-x')).map((e) => e.id)).toEqual([a.id, b.id]);
  });

  it('keeps an event id unique per stream, not across streams', async () => {
    const event = newEvent('A.v1');
    await store.append('link-a', [event], { expectedRevision: 'no_stream' });
    await store.append('link-b', [event], { expectedRevision: 'no_stream' });
    expect(await store.readAll()).toHaveLength(2);
  });

  it('numbers positions 1, 2, 3 … and compares them as numbers', async () => {
    for (let i = 0; i < 12; i++) await store.append(`s-${i}`, [newEvent('A.v1')], { expectedRevision: 'any' });
    const positions = (await store.readAll()).map((e) => e.position);
    expect(positions).toEqual(Array.from({ length: 12 }, (_, i) => String(i + 1)));
    expect(store.comparePositions('9', '10')).toBeLessThan(0);
    expect(() => store.comparePositions('1', '-1')).toThrow(/position/);
  });

  it('picks up events another process wrote, by polling the file', async () => {
    const seen: string[] = [];
    const sub = store.subscribeToAll({ handler: async (e) => void seen.push(e.id) });
    // A second connection that does not go through this process's stores: like another process.
    const other = new Database(join(dir, 'events.sqlite'));
    const id = randomUUID();
    other
      .prepare(
        `INSERT INTO events (stream_name, revision, event_id, type, data, metadata, recorded_at)
         VALUES ('link-y', 0, ?, 'A.v1', '{}', '{}', ?)`,
      )
      .run(id, new Date().toISOString());
    other.close();
    await until(() => seen.includes(id), 'the event of the other connection', 2000);
    await sub.stop();
  });

  it('keeps the log in an in-memory database too', async () => {
    const memory = new SqliteEventStore({ path: ':memory:' });
    await memory.append('link-m', [newEvent('A.v1')], { expectedRevision: 'no_stream' });
    expect(await memory.readAll()).toHaveLength(1);
    await memory.close();
  });
});
