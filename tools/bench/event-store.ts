/**
 * Event store throughput of the embedded SQLite adapter, in one run on this
 * machine, against raw better-sqlite3 doing the same work on the same table
 * (the adapter's EVENTS_TABLE, same pragmas, one IMMEDIATE transaction per
 * append):
 * - appends: one event per append, each to a new transaction stream with
 *   `no_stream` (as the command side stores a POS transaction), then
 *   batches of 100 events;
 * - replay: readAll in pages of 1 000, and a subscribeToAll catch-up over
 *   every event, against raw paged SELECTs that parse the same JSON.
 * The two sides run interleaved, a slice of the work each in turn, so that
 * whatever else the machine is doing weighs on both alike.
 * Needs no server: `npm run bench:event-store`.
 */
import { EVENTS_TABLE, SqliteEventStore } from '@regicam/event-store/sqlite';
import type { NewEvent } from '@regicam/event-store';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, progress, rate, ratio, table, writeSection } from './report';

const EVENTS = Number(process.env['BENCH_EVENTS'] ?? 50_000);
const BATCH = 100;
const PAGE = 1000;
/** Catch-ups timed per side; the median is reported. */
const ROUNDS = 5;

type Append = { stream: string; events: NewEvent[] };
type Workload = { single: Append[]; batched: Append[] };

/** A TransactionReceived as the POS pollers store it (about 400 bytes of JSON). */
function transaction(i: number): NewEvent {
  return {
    id: randomUUID(),
    type: 'TransactionReceived.v1',
    data: {
      transactionId: `tx-${i}`,
      provider: 'smaregi',
      contractId: 'c-0001',
      storeId: 's-01',
      terminalId: `t-${i % 16}`,
      receiptNo: String(100000 + i),
      kind: 'payment',
      occurredAt: '2026-11-28T10:00:00.000Z',
      receivedAt: '2026-11-28T10:00:01.000Z',
      total: 1280,
      deposit: 2000,
      change: 720,
      currency: 'JPY',
      staff: { id: 'st-1', name: '山田' },
    },
    metadata: { actor: 'pos-poller', correlationId: randomUUID() },
  };
}

/** Both workloads, built before timing so that neither side pays for them. */
function workload(events: number): Workload {
  return {
    single: Array.from({ length: events }, (_, i) => ({
      stream: `transaction-smaregi-c-0001-${i}`,
      events: [transaction(i)],
    })),
    batched: Array.from({ length: events / BATCH }, (_, b) => ({
      stream: `link-smaregi-c-0001-t-${b}`,
      events: Array.from({ length: BATCH }, (_, j) => transaction(events + b * BATCH + j)),
    })),
  };
}

/** What each side does; `page` reads the page after a position and returns the next position, or null at the end. */
type Side = {
  append(a: Append): Promise<void>;
  page(after: number): Promise<number | null>;
  catchUp(total: number): Promise<void>;
  close(): Promise<void>;
};

function rawSide(path: string): Side {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(EVENTS_TABLE);
  const insert = db.prepare(
    'INSERT INTO events (stream_name, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const append = db.transaction((a: Append) => {
    const at = new Date().toISOString();
    a.events.forEach((e, i) =>
      insert.run(a.stream, i, e.id, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata ?? {}), at),
    );
  });
  const select = db.prepare<[number, number], { position: number; data: string; metadata: string }>(
    'SELECT position, stream_name, revision, event_id, type, data, metadata, recorded_at FROM events WHERE position > ? ORDER BY position LIMIT ?',
  );
  const page = async (after: number) => {
    const rows = select.all(after, PAGE);
    for (const row of rows) {
      JSON.parse(row.data);
      JSON.parse(row.metadata);
    }
    return rows.length === 0 ? null : rows[rows.length - 1].position;
  };
  return {
    // Awaited, as a caller of the async port awaits each append.
    append: async (a) => void append.immediate(a),
    page,
    catchUp: async () => {
      for (let after: number | null = 0; after !== null;) after = await page(after);
    },
    close: async () => void db.close(),
  };
}

function adapterSide(path: string): Side {
  const store = new SqliteEventStore({ path });
  return {
    append: async (a) => void (await store.append(a.stream, a.events, { expectedRevision: 'no_stream' })),
    page: async (after) => {
      const events = await store.readAll({ after: String(after), maxCount: PAGE });
      return events.length === 0 ? null : Number(events[events.length - 1].position);
    },
    catchUp: async (total) => {
      let seen = 0;
      let done!: () => void;
      const all = new Promise<void>((resolve) => (done = resolve));
      const subscription = store.subscribeToAll({
        handler: async () => {
          if (++seen === total) done();
        },
      });
      await all;
      await subscription.stop();
    },
    close: () => store.close(),
  };
}

/** Runs the slices on both sides in turn (alternating who goes first) and sums each side's time. */
async function interleaved<T>(slices: T[], raw: (slice: T) => Promise<void>, ours: (slice: T) => Promise<void>) {
  const ms = { raw: 0, ours: 0 };
  for (const [i, slice] of slices.entries()) {
    for (const side of i % 2 === 0 ? (['raw', 'ours'] as const) : (['ours', 'raw'] as const)) {
      const t0 = performance.now();
      await (side === 'raw' ? raw : ours)(slice);
      ms[side] += performance.now() - t0;
    }
  }
  return ms;
}

const slices = <T>(items: T[], size: number) =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

async function appendAll(side: Side, appends: Append[]): Promise<void> {
  for (const a of appends) await side.append(a);
}

async function measure(dir: string, name: string, work: Workload) {
  const raw = rawSide(join(dir, `${name}-raw.sqlite`));
  const ours = adapterSide(join(dir, `${name}-ours.sqlite`));
  const total = work.single.length + work.batched.length * BATCH;
  progress(`${name}: ${fmt(work.single.length)} appends of 1 event, each side`);
  const single = await interleaved(
    slices(work.single, 250),
    (s) => appendAll(raw, s),
    (s) => appendAll(ours, s),
  );
  progress(`${name}: ${fmt(work.batched.length)} appends of ${BATCH} events, each side`);
  const batched = await interleaved(
    slices(work.batched, 5),
    (s) => appendAll(raw, s),
    (s) => appendAll(ours, s),
  );
  progress(`${name}: ${fmt(total)} events read in pages of ${fmt(PAGE)}, each side`);
  const cursors = { raw: 0 as number | null, ours: 0 as number | null };
  const pages = await interleaved(
    Array.from({ length: Math.ceil(total / PAGE) + 1 }, (_, i) => i),
    async () => void (cursors.raw = cursors.raw === null ? null : await raw.page(cursors.raw)),
    async () => void (cursors.ours = cursors.ours === null ? null : await ours.page(cursors.ours)),
  );
  if (cursors.raw !== null || cursors.ours !== null) throw new Error('the pages did not reach the end of the log');
  progress(`${name}: ${ROUNDS} catch-ups over ${fmt(total)} events, each side`);
  const catchUps = { raw: [] as number[], ours: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    const ms = await interleaved(
      [total],
      (n) => raw.catchUp(n),
      (n) => ours.catchUp(n),
    );
    catchUps.raw.push(ms.raw);
    catchUps.ours.push(ms.ours);
  }
  await raw.close();
  await ours.close();
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const perSec = (count: number, ms: { raw: number; ours: number }) => ({
    raw: rate(count, ms.raw),
    ours: rate(count, ms.ours),
  });
  return {
    single: perSec(work.single.length, single),
    batched: perSec(work.batched.length * BATCH, batched),
    pages: perSec(total, pages),
    catchUp: perSec(total, { raw: median(catchUps.raw), ours: median(catchUps.ours) }),
  };
}

async function main(): Promise<void> {
  if (EVENTS % BATCH !== 0) throw new Error(`BENCH_EVENTS must be a multiple of ${BATCH}`);
  const dir = mkdtempSync(join(tmpdir(), 'regicam-bench-'));
  try {
    progress('warm-up: 2,000 events');
    await measure(dir, 'warm-up', workload(1000));
    progress(`building ${fmt(2 * EVENTS)} events`);
    const r = await measure(dir, 'run', workload(EVENTS));
    const perSec = (n: number) => `${fmt(n)} ev/s`;
    const row = (what: string, f: { raw: number; ours: number }) => [
      what,
      perSec(f.raw),
      perSec(f.ours),
      ratio(f.ours, f.raw),
    ];
    const body = [
      `${fmt(EVENTS)} events appended one per append, each to a new stream with \`no_stream\`; ${fmt(EVENTS)} more in ${fmt(EVENTS / BATCH)} appends of ${BATCH}; then all ${fmt(2 * EVENTS)} replayed. TransactionReceived events of about 400 bytes of JSON; WAL, \`synchronous = NORMAL\`, a file on local disk.`,
      '',
      'The baseline is raw better-sqlite3 on the same table: the same rows in one IMMEDIATE transaction per append, without the checks the adapter makes (input, event id already in the stream, expected revision); its replay is paged SELECTs parsing the same JSON. Both sides run interleaved, 250 single appends, 5 batches or one page at a time each in turn; the catch-up figures are the median of 5 runs each.',
      '',
      table(
        ['work', 'raw better-sqlite3 (baseline)', 'RegiCam SQLite adapter', 'ratio'],
        [
          row(`append, 1 event per append (${fmt(EVENTS)} appends)`, r.single),
          row(`append, ${BATCH} events per append (${fmt(EVENTS / BATCH)} appends)`, r.batched),
          row(`replay: readAll in pages of ${fmt(PAGE)}`, r.pages),
          row('replay: subscribeToAll catch-up (baseline: paged SELECT)', r.catchUp),
        ],
      ),
    ].join('\n');
    writeSection('event-store', 'Event store (embedded SQLite)', 'npm run bench:event-store', body);
    progress('written to docs/benchmarks.md');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:event-store failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
