/**
 * bench:dashboard — the dashboard's day list (`GET /api/transactions`'s
 * query: one camera's store day, newest first, 50 rows, the day's totals)
 * with a kind filter and with a search, through `TransactionList` on the
 * read-store adapter, against, in the same run and interleaved, the same
 * reads written by hand with the raw driver (better-sqlite3 / mongodb).
 * Writes the "Dashboard" section of docs/benchmarks.md.
 *
 *   npm run bench:dashboard                   (FerretDB at MONGO_URL, or started by tools/infra/with-infra)
 *   BENCH_DASHBOARD_TX=200000 BENCH_DASHBOARD_FERRETDB_TX=20000 BENCH_DASHBOARD_QUERIES=100 npm run bench:dashboard
 *
 * The rows are made by the transactions projection itself (its `project`
 * on link and transaction events, with an in-memory lookup), then stored in
 * bulk, so they have the projection's shape and its declared indexes.
 */
import type { LinkCreated, TransactionKind, TransactionReceived } from '@regicam/domain';
import { TRANSACTION_PICTURES, TransactionList, type CameraOwners } from '@regicam/dashboard';
import type { StoredEvent } from '@regicam/event-store';
import type { ReadDocument, ReadStore, Write } from '@regicam/read-store';
import { random } from '@regicam/pos/simulator';
import { MongoReadStore } from '@regicam/read-store/mongodb';
import { SqliteReadStore } from '@regicam/read-store/sqlite';
import {
  POS_TERMINAL_NAMES,
  TRANSACTIONS,
  TRANSACTION_DAY_TOTALS,
  TRANSACTION_LINKS,
  TerminalNames,
  cameraDayId,
  storeDayRange,
  transactionProjection,
} from '@regicam/transactions';
import Database from 'better-sqlite3';
import { MongoClient, type Db } from 'mongodb';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, progress, rate, ratio, table, writeSection } from './report';

const SQLITE_TX = Number(process.env['BENCH_DASHBOARD_TX'] ?? 1_000_000);
const FERRETDB_TX = Number(process.env['BENCH_DASHBOARD_FERRETDB_TX'] ?? 10_000);
const QUERIES = Number(process.env['BENCH_DASHBOARD_QUERIES'] ?? 500);
const FERRETDB_QUERIES = Number(process.env['BENCH_DASHBOARD_FERRETDB_QUERIES'] ?? 20);
const CAMERAS = 50;
const CAMERAS_PER_OWNER = 5;
const REGISTERS = 3;
const DAYS = 30;
const FIRST_DAY = Date.UTC(2026, 10, 1);
const LIMIT = 50;
const STAFF = ['山田 太郎', '佐藤 花子', '鈴木 一郎', '高橋 美咲', '田中 健', '伊藤 さくら', '渡辺 翔', '中村 愛'];

// ---- the data: 50 cameras of 10 owners, 3 registers each, 30 store days ----

const ownerOf = (camera: number) => `owner-${Math.floor(camera / CAMERAS_PER_OWNER)}`;
const contractOf = (camera: number) => `bench${Math.floor(camera / CAMERAS_PER_OWNER)}`;
const cameraId = (camera: number) => `cam-${String(camera).padStart(2, '0')}`;
const terminalId = (camera: number, register: number) => `${camera * REGISTERS + register + 1}`;
const dayOf = (day: number) => new Date(FIRST_DAY + day * 86_400_000).toISOString().slice(0, 10);

let sequence = 0;
function stored(type: string, data: object, at: string): StoredEvent {
  sequence += 1;
  return {
    id: `bench-${sequence}`,
    type,
    data: data as StoredEvent['data'],
    metadata: {},
    streamName: `bench-${sequence}`,
    revision: 0,
    position: String(sequence),
    recordedAt: at,
  };
}

function linkEvents(): StoredEvent[] {
  const at = new Date(FIRST_DAY - 86_400_000).toISOString();
  const events: StoredEvent[] = [];
  for (let camera = 0; camera < CAMERAS; camera++) {
    for (let register = 0; register < REGISTERS; register++) {
      const data: LinkCreated['data'] = {
        linkId: `link-${camera}-${register}`,
        ownerId: ownerOf(camera),
        provider: 'smaregi',
        contractId: contractOf(camera),
        terminalId: terminalId(camera, register),
        cameraId: cameraId(camera),
        actor: `user:${ownerOf(camera)}`,
        at,
        region: null,
      };
      events.push(stored('LinkCreated.v1', data, at));
    }
  }
  return events;
}

/**
 * One camera's store day: `count` sales between 09:00 and 21:00 Japan time
 * on its three registers, about 90 % payments and the rest cancels,
 * modifications and deletes of earlier payments of the same day.
 */
function dayEvents(camera: number, day: number, count: number, receipts: number[]): StoredEvent[] {
  const next = random(camera * 1000 + day + 1);
  const opening = FIRST_DAY + day * 86_400_000; // 09:00 Japan time is 00:00 UTC
  const times = Array.from({ length: count }, () => opening + Math.floor(next() * 12 * 3_600_000)).sort();
  const payments: string[] = [];
  return times.map((time, i) => {
    const register = Math.floor(next() * REGISTERS);
    const roll = next();
    const kind: TransactionKind =
      payments.length === 0 || roll < 0.9 ? 'payment' : roll < 0.94 ? 'cancel' : roll < 0.97 ? 'modify' : 'delete';
    const transactionId = `${camera}-${day}-${i}`;
    const refersTo = kind === 'payment' ? null : payments[Math.floor(next() * payments.length)];
    if (kind === 'payment') payments.push(transactionId);
    const slot = camera * REGISTERS + register;
    receipts[slot] += 1;
    const total = 100 + Math.floor(next() * 9900);
    const deposit = Math.ceil(total / 1000) * 1000;
    const occurredAt = new Date(time).toISOString();
    const staff = Math.floor(next() * STAFF.length);
    const data: TransactionReceived['data'] = {
      transactionId,
      provider: 'smaregi',
      contractId: contractOf(camera),
      storeId: '1',
      terminalId: terminalId(camera, register),
      receiptNo: String(receipts[slot]).padStart(7, '0'),
      kind,
      occurredAt,
      total: kind === 'payment' ? total : -total,
      deposit: kind === 'payment' ? deposit : 0,
      change: kind === 'payment' ? deposit - total : 0,
      currency: 'JPY',
      staff: { id: String(staff + 1), name: STAFF[staff] },
      refersTo,
      receivedAt: new Date(time + 300).toISOString(),
      actor: 'system:smaregi-poller',
    };
    return stored('TransactionReceived.v1', data, data.receivedAt);
  });
}

/** The documents the projection wrote, by collection, last version kept; its lookup reads them. */
class Projected {
  readonly docs = new Map<string, Map<string, ReadDocument>>();
  private readonly projection = transactionProjection();

  async apply(event: StoredEvent): Promise<void> {
    const writes: Write[] = await this.projection.project(
      event,
      async <T extends ReadDocument>(c: string, id: string) => (this.docs.get(c)?.get(id) ?? null) as T | null,
    );
    for (const write of writes) {
      const docs = this.docs.get(write.collection) ?? new Map<string, ReadDocument>();
      this.docs.set(write.collection, docs);
      if (write.op === 'delete') docs.delete(write.id);
      else docs.set(write.doc.id, write.doc);
    }
  }

  /** Takes the documents of these collections out (kept: link histories and feed heads). */
  take(collections: readonly string[]): Map<string, ReadDocument[]> {
    const out = new Map<string, ReadDocument[]>();
    for (const c of collections) {
      out.set(c, [...(this.docs.get(c)?.values() ?? [])]);
      this.docs.get(c)?.clear();
    }
    return out;
  }
}

/** What the list reads, and what the fill stores. */
const STORED = [TRANSACTIONS, TRANSACTION_DAY_TOTALS, TRANSACTION_LINKS];
/** The projection's other documents: lifecycles are inside the rows, the feeds are for /api/stream. */
const DROPPED = ['transaction_lifecycles', 'transaction_feed', 'transaction_feed_heads'];

type Sample = { camera: number; day: number; receiptNo: string };

/**
 * Fills the store with `count` transactions: each camera day is projected in
 * memory, then stored with `put` (one bulk write per camera day). Returns,
 * per camera day, a receipt number of it, for the searches.
 */
async function fill(
  count: number,
  put: (docs: Map<string, ReadDocument[]>) => Promise<void>,
  label: string,
): Promise<{ samples: Sample[]; ms: number }> {
  const projected = new Projected();
  for (const event of linkEvents()) await projected.apply(event);
  const receipts = new Array<number>(CAMERAS * REGISTERS).fill(0);
  const samples: Sample[] = [];
  const groups = CAMERAS * DAYS;
  const t0 = Date.now();
  let done = 0;
  let lastReport = t0;
  for (let day = 0; day < DAYS; day++) {
    for (let camera = 0; camera < CAMERAS; camera++) {
      const g = day * CAMERAS + camera;
      const size = Math.floor((count * (g + 1)) / groups) - Math.floor((count * g) / groups);
      const events = dayEvents(camera, day, size, receipts);
      for (const event of events) await projected.apply(event);
      const docs = projected.take([...STORED, ...DROPPED]);
      for (const c of DROPPED) docs.delete(c);
      const rows = docs.get(TRANSACTIONS) ?? [];
      if (rows.length > 0) {
        const sample = rows[Math.floor(rows.length / 2)] as unknown as { receiptNo: string };
        samples.push({ camera, day, receiptNo: sample.receiptNo });
      }
      await put(docs);
      done += size;
      if (Date.now() - lastReport > 10_000 || done === count) {
        lastReport = Date.now();
        progress(`${label}: ${fmt(done)} / ${fmt(count)} transactions (${fmt(rate(done, lastReport - t0))}/s)`);
      }
    }
  }
  return { samples, ms: Date.now() - t0 };
}

// ---- the two paths ----

type Query = { ownerId: string; cameraId: string; day: string; kinds?: TransactionKind[]; q?: string };
type Answer = { ids: string[]; counted: number };
type Path = (query: Query) => Promise<Answer>;

const cameraOwners: CameraOwners = {
  get: async (id) => {
    const camera = Number(id.slice(4));
    return { id, ownerId: ownerOf(camera) };
  },
  listByOwner: async (ownerId) => {
    const owner = Number(ownerId.slice(6));
    return Array.from({ length: CAMERAS_PER_OWNER }, (_, i) => ({ id: cameraId(owner * CAMERAS_PER_OWNER + i) }));
  },
};
const ownerContracts = async (ownerId: string) => [`smaregi:bench${ownerId.slice(6)}`];

async function ours(store: ReadStore): Promise<Path> {
  const list = await TransactionList.open(store, cameraOwners, ownerContracts);
  return async (query) => {
    const page = await list.list({ ...query, limit: LIMIT });
    const counted = Object.values(page.totals).reduce((n, t) => n + t.count, 0);
    return { ids: page.transactions.map((t) => t.transactionKey), counted };
  };
}

type Row = { id: string; terminalKey: string };
type Totals = { totals: Record<string, { count: number }> };
const countOf = (totals: Totals | null | undefined) =>
  totals ? Object.values(totals.totals).reduce((n, t) => n + t.count, 0) : 0;

/** The same reads by hand on better-sqlite3: the page, its pictures and register names, the day's totals. */
function rawSqlite(file: string): { path: Path; close: () => void } {
  const db = new Database(file, { readonly: true });
  const f = (p: string) => `json_extract(doc, '$.${p}')`;
  const like = (p: string) => `${f(p)} LIKE ? ESCAPE '\\'`;
  const pattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const base =
    `SELECT doc FROM "doc_${TRANSACTIONS}" WHERE ${f('cameraId')} = ? AND ${f('ownerId')} = ? ` +
    `AND ${f('occurredAt')} >= ? AND ${f('occurredAt')} < ?`;
  const order = ` ORDER BY ${f('occurredAt')} DESC, id DESC LIMIT ${LIMIT + 1}`;
  const byKind = db.prepare(`${base} AND ${f('kind')} IN (SELECT value FROM json_each(?))${order}`);
  const named = db.prepare(
    `SELECT id FROM "doc_${POS_TERMINAL_NAMES}" WHERE ${f('contractKey')} IN (SELECT value FROM json_each(?)) AND ${like('name')}`,
  );
  const bySearch = db.prepare(
    `${base} AND (${like('receiptNo')} OR ${like('terminalId')} OR ${like('staff.name')} ` +
      `OR ${f('terminalKey')} IN (SELECT value FROM json_each(?)))${order}`,
  );
  const pictures = db.prepare(
    `SELECT doc FROM "doc_${TRANSACTION_PICTURES}" WHERE id IN (SELECT value FROM json_each(?))`,
  );
  const names = db.prepare(`SELECT doc FROM "doc_${POS_TERMINAL_NAMES}" WHERE id IN (SELECT value FROM json_each(?))`);
  const totals = db.prepare(`SELECT doc FROM "doc_${TRANSACTION_DAY_TOTALS}" WHERE id = ?`);
  const path: Path = async (query) => {
    const { from, to } = storeDayRange(query.day);
    const args = [query.cameraId, query.ownerId, from, to];
    let found: Array<{ doc: string }>;
    if (query.q) {
      const contracts = JSON.stringify(await ownerContracts(query.ownerId));
      const keys = (named.all(contracts, pattern(query.q)) as Array<{ id: string }>).map((r) => r.id);
      const p = pattern(query.q);
      found = bySearch.all(...args, p, p, p, JSON.stringify(keys)) as Array<{ doc: string }>;
    } else {
      found = byKind.all(...args, JSON.stringify(query.kinds ?? [])) as Array<{ doc: string }>;
    }
    const rows = found.slice(0, LIMIT).map((r) => JSON.parse(r.doc) as Row);
    pictures.all(JSON.stringify(rows.map((r) => r.id))).map((r) => JSON.parse((r as { doc: string }).doc));
    names
      .all(JSON.stringify([...new Set(rows.map((r) => r.terminalKey))]))
      .map((r) => JSON.parse((r as { doc: string }).doc));
    const day = totals.get(cameraDayId(query.cameraId, query.day)) as { doc: string } | undefined;
    return { ids: rows.map((r) => r.id), counted: countOf(day ? (JSON.parse(day.doc) as Totals) : null) };
  };
  return { path, close: () => db.close() };
}

/** The same reads by hand on the mongodb driver. */
function rawMongo(db: Db): Path {
  const rows = db.collection<{ _id: string; terminalKey: string }>(TRANSACTIONS);
  const escape = (q: string) => q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return async (query) => {
    const { from, to } = storeDayRange(query.day);
    const filter: Record<string, unknown> = {
      cameraId: query.cameraId,
      ownerId: query.ownerId,
      occurredAt: { $gte: from, $lt: to },
    };
    if (query.q) {
      const regex = { $regex: escape(query.q), $options: 'i' };
      const contracts = await ownerContracts(query.ownerId);
      const named = await db
        .collection(POS_TERMINAL_NAMES)
        .find({ contractKey: { $in: contracts }, name: regex }, { projection: { _id: 1 } })
        .toArray();
      const any: object[] = [{ receiptNo: regex }, { terminalId: regex }, { 'staff.name': regex }];
      if (named.length > 0) any.push({ terminalKey: { $in: named.map((n) => n._id) } });
      filter['$or'] = any;
    } else {
      filter['kind'] = { $in: query.kinds ?? [] };
    }
    const page = await rows
      .find(filter)
      .sort({ occurredAt: -1, _id: -1 })
      .limit(LIMIT + 1)
      .toArray();
    const items = page.slice(0, LIMIT);
    const [, , totals] = await Promise.all([
      db
        .collection<{ _id: string }>(TRANSACTION_PICTURES)
        .find({ _id: { $in: items.map((r) => r._id) } })
        .toArray(),
      db
        .collection<{ _id: string }>(POS_TERMINAL_NAMES)
        .find({ _id: { $in: [...new Set(items.map((r) => r.terminalKey))] } })
        .toArray(),
      db
        .collection<Totals & { _id: string }>(TRANSACTION_DAY_TOTALS)
        .findOne({ _id: cameraDayId(query.cameraId, query.day) }),
    ]);
    return { ids: items.map((r) => r._id), counted: countOf(totals) };
  };
}

// ---- measuring ----

type Figures = { p50: number; p99: number };
const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
const figures = (ms: number[]): Figures => {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
};

async function timed(path: Path, query: Query): Promise<{ ms: number; answer: Answer }> {
  const t0 = process.hrtime.bigint();
  const answer = await path(query);
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, answer };
}

/**
 * `n` random camera days per query kind, each asked of both paths, the
 * first path alternating; both must give the same page and totals.
 */
async function measure(
  label: string,
  samples: Sample[],
  n: number,
  paths: { ours: Path; raw: Path },
): Promise<Array<{ name: string; ours: Figures; raw: Figures }>> {
  const next = random(n);
  const pick = () => samples[Math.floor(next() * samples.length)];
  const kinds: Array<{ name: string; make: (s: Sample, i: number) => Query }> = [
    { name: 'kind = cancel', make: (s) => ({ ...scope(s), kinds: ['cancel'] }) },
    { name: 'kind = payment', make: (s) => ({ ...scope(s), kinds: ['payment'] }) },
    {
      name: 'search (receipt no / staff name, alternating)',
      make: (s, i) => ({ ...scope(s), q: i % 2 === 0 ? s.receiptNo : STAFF[i % STAFF.length].slice(0, 2) }),
    },
  ];
  const out: Array<{ name: string; ours: Figures; raw: Figures }> = [];
  for (const kind of kinds) {
    const mine: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < n; i++) {
      const query = kind.make(pick(), i);
      const first = i % 2 === 0;
      const a = await timed(first ? paths.ours : paths.raw, query);
      const b = await timed(first ? paths.raw : paths.ours, query);
      const [o, r] = first ? [a, b] : [b, a];
      if (o.answer.ids.join() !== r.answer.ids.join() || o.answer.counted !== r.answer.counted) {
        throw new Error(`${label}, ${kind.name}: the two paths disagree on ${JSON.stringify(query)}`);
      }
      mine.push(o.ms);
      theirs.push(r.ms);
    }
    const result = { name: kind.name, ours: figures(mine), raw: figures(theirs) };
    progress(
      `${label}, ${kind.name}: ours p50 ${ms(result.ours.p50)} p99 ${ms(result.ours.p99)}; raw p50 ${ms(result.raw.p50)} p99 ${ms(result.raw.p99)}`,
    );
    out.push(result);
  }
  return out;
}

const scope = (s: Sample) => ({ ownerId: ownerOf(s.camera), cameraId: cameraId(s.camera), day: dayOf(s.day) });
const ms = (n: number) => `${n.toFixed(1)} ms`;

function resultTable(results: Array<{ name: string; ours: Figures; raw: Figures }>): string {
  return table(
    [
      'query (one camera, one store day, 50 rows + totals)',
      'ours p50',
      'ours p99',
      'raw p50',
      'raw p99',
      'ratio p50',
      'ratio p99',
    ],
    results.map((r) => [
      r.name,
      ms(r.ours.p50),
      ms(r.ours.p99),
      ms(r.raw.p50),
      ms(r.raw.p99),
      ratio(r.raw.p50, r.ours.p50),
      ratio(r.raw.p99, r.ours.p99),
    ]),
  );
}

/** Register names as the POS gave them (the search matches them too). */
async function rememberNames(store: ReadStore): Promise<void> {
  const names = await TerminalNames.open(store);
  for (let camera = 0; camera < CAMERAS; camera++) {
    for (let register = 0; register < REGISTERS; register++) {
      const ref = { provider: 'smaregi', contractId: contractOf(camera), terminalId: terminalId(camera, register) };
      await names.remember(ref, `レジ${register + 1}`, new Date(FIRST_DAY));
    }
  }
}

// ---- the run ----

async function onSqlite(dir: string) {
  const file = join(dir, 'read.sqlite');
  const store = new SqliteReadStore(file);
  const projection = transactionProjection();
  for (const c of projection.collections) await store.collection(c.name, c.indexes);
  await store.collection(TRANSACTION_PICTURES);
  await rememberNames(store);
  let batch = 0;
  const filled = await fill(
    SQLITE_TX,
    async (docs) => {
      const writes = [...docs].flatMap(([collection, list]) =>
        list.map((doc): Write => ({ collection, op: 'upsert', doc })),
      );
      batch += 1;
      await store.commit({ writes, checkpoint: { name: 'bench-dashboard-fill', position: String(batch) } });
    },
    'SQLite fill',
  );
  const size = statSync(file).size;
  const raw = rawSqlite(file);
  const results = await measure('SQLite', filled.samples, QUERIES, { ours: await ours(store), raw: raw.path });
  raw.close();
  await store.close();
  return { fillMs: filled.ms, size, results };
}

async function onFerretDb(url: string) {
  const database = `bench_dashboard_${process.pid}_${Date.now().toString(36)}`;
  const client = await MongoClient.connect(url);
  const db = client.db(database);
  try {
    const store = new MongoReadStore(client, database);
    const projection = transactionProjection();
    for (const c of projection.collections) await store.collection(c.name, c.indexes);
    await store.collection(TRANSACTION_PICTURES);
    await rememberNames(store);
    const filled = await fill(
      FERRETDB_TX,
      async (docs) => {
        for (const [collection, list] of docs) {
          if (list.length === 0) continue;
          const native = db.collection<{ _id: string }>(collection);
          if (collection === TRANSACTIONS) {
            await native.insertMany(
              list.map(({ id, ...fields }) => ({ _id: id, ...fields })),
              { ordered: false },
            );
          } else {
            for (const { id, ...fields } of list) await native.replaceOne({ _id: id }, fields, { upsert: true });
          }
        }
      },
      'FerretDB fill',
    );
    const results = await measure('FerretDB', filled.samples, FERRETDB_QUERIES, {
      ours: await ours(store),
      raw: rawMongo(db),
    });
    const plan = await db
      .collection(TRANSACTIONS)
      .find({ cameraId: cameraId(0), occurredAt: { $gte: dayOf(0) } })
      .sort({ occurredAt: -1, _id: -1 })
      .limit(LIMIT)
      .explain();
    return { fillMs: filled.ms, results, plan };
  } finally {
    await db.dropDatabase().catch(() => undefined);
    await client.close();
  }
}

async function main(): Promise<void> {
  const url = process.env['MONGO_URL'];
  if (!url) throw new Error('MONGO_URL is not set: run it with npm run bench:dashboard');
  const loadBefore = loadavg()
    .map((n) => n.toFixed(1))
    .join(' / ');
  const dir = mkdtempSync(join(tmpdir(), 'regicam-bench-dashboard-'));
  let sqlite;
  try {
    sqlite = await onSqlite(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const ferret = await onFerretDb(url);
  const loadAfter = loadavg()
    .map((n) => n.toFixed(1))
    .join(' / ');
  const pushdown = ferret.plan as { filterPushdown?: boolean; sortPushdown?: boolean };
  const ferretNote =
    FERRETDB_TX < SQLITE_TX
      ? `**FerretDB holds ${fmt(FERRETDB_TX)} transactions, not ${fmt(SQLITE_TX)}**: it inserted them at ${fmt(rate(FERRETDB_TX, ferret.fillMs))}/s here, and every query of FerretDB 1.24 on its SQLite backend reads the whole collection (its plan: filter pushdown ${pushdown.filterPushdown ?? 'unknown'}, sort pushdown ${pushdown.sortPushdown ?? 'unknown'}), so ${fmt(SQLITE_TX)} would take far too long to fill and to query. `
      : '';
  writeSection(
    'dashboard',
    'Dashboard day list (GET /api/transactions)',
    'npm run bench:dashboard',
    [
      `The read store holds transactions of ${CAMERAS} cameras (${CAMERAS_PER_OWNER} per owner), ${REGISTERS} registers each, over ${DAYS} store days: about 90 % payments, the rest cancels, modifications and deletes of the same day's payments, ${STAFF.length} staff names, receipt numbers per register. The rows, their lifecycles and the day totals are made by the transactions projection itself and stored in bulk (one write per camera day) with its declared indexes. ${ferretNote}`,
      '',
      `Each query asks for a random camera day of its owner, 50 rows newest first, with the day's totals (what \`GET /api/transactions?cameraId&date&kind\` or \`&q\` runs): **ours** is \`TransactionList.list\` on the read-store adapter; **raw** is the same reads written by hand with the driver (the page with the same filter, sort and limit on the same index, its pictures and register names, the day totals document, and for a search the register names that match). Both answer every query and must give the same rows and totals; they run interleaved, the first alternating. The camera's owner and the owner's contracts come from memory on both paths (other read models). The ratio is raw time / our time: 1 is as fast as the driver, above 0.5 is the goal, as is a p99 of at most 50 ms.`,
      '',
      `Load average (1 / 5 / 15 min) ${loadBefore} at the start and ${loadAfter} at the end, on 2 cores shared with other work: the figures are noisy.`,
      '',
      `### SQLite (a file on disk, better-sqlite3)`,
      '',
      `${fmt(SQLITE_TX)} transactions, filled in ${(sqlite.fillMs / 1000).toFixed(0)} s (${fmt(rate(SQLITE_TX, sqlite.fillMs))}/s through the port's commit), ${(sqlite.size / 2 ** 20).toFixed(0)} MiB; ${fmt(QUERIES)} queries of each kind on each path.`,
      '',
      resultTable(sqlite.results),
      '',
      `### FerretDB 1.24 (MONGO_URL, mongodb driver)`,
      '',
      `${fmt(FERRETDB_TX)} transactions, filled in ${(ferret.fillMs / 1000).toFixed(0)} s (${fmt(rate(FERRETDB_TX, ferret.fillMs))}/s, insertMany per camera day); ${fmt(FERRETDB_QUERIES)} queries of each kind on each path.`,
      '',
      resultTable(ferret.results),
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:dashboard failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
