import type { INestApplication } from '@nestjs/common';
import { TOPIC, encodeRecord, type ThumbnailsValue } from '@regicam/contracts';
import { SIMULATED_UBIREGI_CLIENT } from '@regicam/pos/connections';
import { generateStoreDay, type DaySummary } from '@regicam/pos/simulator';
import { requireServer, uniqueName } from '@regicam/testing/servers';
import { storeDayOf } from '@regicam/transactions';
import { MongoClient } from 'mongodb';
import { readdirSync, readlinkSync } from 'node:fs';
import { METHODS } from 'node:http';
import { connect } from 'node:net';
import sharp from 'sharp';
import { ApiHarness, ubiregiConsent, type ApiClient } from '../../testing/api-harness';
import { SseClient } from '../../testing/sse-client';

const TOKEN = 'dashboard-token-0123456789';
const MARKUP = '<img src=x onerror=alert(1)>';
const KINDS = ['payment', 'cancel', 'modify', 'delete'] as const;
type Kind = (typeof KINDS)[number];

/** A recorded transaction as the test expects to see it listed. */
type Expected = {
  key: string;
  terminalKey: string;
  kind: Kind;
  occurredAt: string;
  day: string;
  receiptNo: string;
  terminalId: string;
  staffName: string | null;
  refersTo: string | null;
};

/**
 * Every route of the running API, from Express's router: `METHOD /path/:param`.
 * Middleware mounted for every method (logging, the HTTP edge) is left out:
 * a route answers some methods, not all of them.
 */
function routeTable(app: INestApplication): string[] {
  const express = app.getHttpAdapter().getInstance() as {
    router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  };
  const out: string[] = [];
  for (const layer of express.router.stack) {
    const methods = Object.entries(layer.route?.methods ?? {}).filter(([, on]) => on);
    if (!layer.route || methods.length === 0 || methods.length >= METHODS.length - 1) continue;
    for (const [method] of methods) out.push(`${method.toUpperCase()} ${layer.route.path}`);
  }
  return [...new Set(out)].sort();
}

const tinyJpeg = (shade: number) =>
  sharp({ create: { width: 32, height: 18, channels: 3, background: { r: shade, g: 40, b: 90 } } })
    .jpeg()
    .toBuffer();

const variants: [string, () => Record<string, string>][] = [
  ['the embedded default (SQLite)', () => ({})],
  [
    'FerretDB (MONGO_URL)',
    () => ({
      READ_STORE: 'mongodb',
      MONGO_URL: requireServer('MONGO_URL'),
      MONGO_DB: uniqueName('dash').replace(/-/g, '_'),
    }),
  ],
];

describe.each(variants)('the dashboard over HTTP, on %s', (_name, variantEnv) => {
  const env = variantEnv();
  const api = new ApiHarness(undefined, {
    pos: true,
    env: { API_ROLES: 'projector,pos-pollers', STREAM_POLL_MS: '100', STREAM_HEARTBEAT_MS: '400', ...env },
  });
  const day = storeDayOf(new Date(Date.now() + 86_400_000).toISOString());
  const nextDay = storeDayOf(new Date(Date.parse(`${day}T12:00:00+09:00`) + 86_400_000).toISOString());
  let ownerA: ApiClient;
  let ownerB: ApiClient;
  let cameraA: string;
  let cameraB: string;
  let cameraC: string;
  let ubiregiTerminal: string;
  const links: Record<string, string> = {};

  /** Where each register's sales are shown. */
  const cameraOf = (terminalKey: string): string | null =>
    ({ 'smaregi:dash:1': cameraA, 'smaregi:dash:2': cameraB, [`ubiregi:601:${ubiregiTerminal}`]: cameraB })[
      terminalKey
    ] ?? null;

  /** What the event store holds: every recorded transaction of owner A's contracts. */
  async function recorded(): Promise<Expected[]> {
    const events = await api.stores.eventStore.readAll({ filter: { eventTypes: ['TransactionReceived.v1'] } });
    return events
      .map((e) => e.data as Record<string, any>)
      .filter((d) => d.contractId === 'dash' || d.provider === 'ubiregi')
      .map((d) => ({
        key: `${d.provider}:${d.contractId}:${d.transactionId}`,
        terminalKey: `${d.provider}:${d.contractId}:${d.terminalId}`,
        kind: d.kind,
        occurredAt: d.occurredAt,
        day: storeDayOf(d.occurredAt),
        receiptNo: d.receiptNo,
        terminalId: d.terminalId,
        staffName: d.staff?.name ?? null,
        refersTo: d.refersTo ? `${d.provider}:${d.contractId}:${d.refersTo}` : null,
      }));
  }

  const newestFirst = (a: Expected, b: Expected) =>
    a.occurredAt < b.occurredAt ? 1 : a.occurredAt > b.occurredAt ? -1 : a.key < b.key ? 1 : -1;

  /** Every page of a query, limit 7 so that the cursor is walked. */
  async function listAll(client: ApiClient, query: string): Promise<{ keys: string[]; pages: any[] }> {
    const pages: any[] = [];
    let cursor: string | null = null;
    do {
      const c: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const res = await client.call('GET', `/api/transactions?${query}&limit=7${c}`);
      expect(res.status).toBe(200);
      pages.push(res.body);
      cursor = res.body.nextCursor;
    } while (cursor);
    return {
      keys: pages.flatMap((p) => p.transactions.map((t: { transactionKey: string }) => t.transactionKey)),
      pages,
    };
  }

  /** Waits until the check passes (the projections run in the background). */
  async function eventually<T>(check: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        return await check();
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  const publish = (value: ThumbnailsValue) =>
    api.stores.messageLog.send(api.stores.topics.thumbnails, [encodeRecord(TOPIC.thumbnails, value)]);

  async function ready(
    transactionKey: string,
    cameraId: string,
    linkId: string,
    shade: number,
    image: (shade: number) => Promise<Buffer> = tinyJpeg,
  ) {
    const ids = { '1x': `thumbnails/test-${shade}/1x.jpg`, '2x': `thumbnails/test-${shade}/2x.jpg` };
    await api.stores.blobStore.put(ids['1x'], await image(shade), { contentType: 'image/jpeg' });
    await api.stores.blobStore.put(ids['2x'], await image(shade + 1), { contentType: 'image/jpeg' });
    const at = new Date().toISOString();
    await publish({
      type: 'ThumbnailReady',
      transactionKey,
      ownerId: (await ownerA.call('GET', '/api/me')).body.id,
      cameraId,
      linkId,
      blobIds: ids,
      width: 32,
      height: 18,
      frameAt: at,
      skewMs: 0,
      createdAt: at,
    });
  }

  beforeAll(async () => {
    await api.start();
    api.sim.smaregi.addContract({ contractId: 'dash', accessToken: TOKEN });
    api.sim.smaregi.addContract({ contractId: 'other', accessToken: TOKEN });
    api.sim.ubiregi.addAccount({
      id: 601,
      login: 'store601',
      password: 'ubi-password',
      clientId: SIMULATED_UBIREGI_CLIENT.clientId,
      clientSecret: SIMULATED_UBIREGI_CLIENT.clientSecret,
      redirectUris: [`${api.base}/api/ubiregi/callback`],
      name: 'ユビレジ店',
    });
    const camera = (serial: string) => ({
      name: `カメラ ${serial}`,
      model: 'CC-2L_SF',
      serial,
      posOption: { from: '2019-03-07' },
    });
    const a = await api.owner('dash-a@example.com', [camera('DA-1'), camera('DA-2')]);
    const b = await api.owner('dash-b@example.com', [camera('DB-1')]);
    [cameraA, cameraB] = a.cameraIds;
    [cameraC] = b.cameraIds;
    ownerA = await api.login(a.email, a.password);
    ownerB = await api.login(b.email, b.password);

    // Three registers of owner A on two cameras: Smaregi 1 → A, Smaregi 2 → B, the Ubiregi register → B; Smaregi 3 unlinked.
    for (const [terminalId, cameraId] of [
      ['1', cameraA],
      ['2', cameraB],
    ]) {
      const created = await ownerA.call('POST', '/api/links', {
        contractId: 'dash',
        accessToken: TOKEN,
        terminalId,
        cameraId,
      });
      expect(created.status).toBe(201);
      links[`smaregi:dash:${terminalId}`] = created.body.linkId;
    }
    const start = await ownerA.redirect('/api/ubiregi/connect');
    const back = await ubiregiConsent(start.location!, { login: 'store601', password: 'ubi-password' }, 'allow');
    expect((await ownerA.redirect(new URL(back).pathname + new URL(back).search)).location).toBe(
      '/ubiregi?connected=1',
    );
    ubiregiTerminal = (await ownerA.call('GET', '/api/ubiregi/terminals')).body.terminals[0].terminalId;
    const assigned = await ownerA.call('PUT', `/api/ubiregi/terminals/${ubiregiTerminal}`, { cameraId: cameraB });
    links[`ubiregi:601:${ubiregiTerminal}`] = assigned.body.linkId;
    // Owner B: one register of another contract on camera C.
    const linkB = await ownerB.call('POST', '/api/links', {
      contractId: 'other',
      accessToken: TOKEN,
      terminalId: '1',
      cameraId: cameraC,
    });
    expect(linkB.status).toBe(201);

    // The store day: payments, cancels, modifications (Smaregi), deletions and cancels (Ubiregi).
    api.sim.smaregi.loadDay('dash', generateStoreDay({ seed: 21, date: day, terminals: ['1', '2', '3'], count: 45 }));
    api.sim.smaregi.addRows('other', [
      {
        terminalId: '1',
        total: '500',
        deposit: '500',
        charge: '0',
        terminalTranDateTime: `${day} 10:00:00`,
        updDateTime: `${day} 10:00:00`,
      },
    ]);
    api.sim.ubiregi.advance(60_000);
    api.sim.ubiregi.loadDay(601, generateStoreDay({ seed: 8, date: day, terminals: [ubiregiTerminal], count: 24 }));
    api.sim.ubiregi.advance(86_400_000 * 2);
    await api.pollNow();
    await api.pollNow();
  }, 120_000);

  afterAll(async () => {
    await api.stopAll();
    if (env['MONGO_DB']) {
      const client = await MongoClient.connect(env['MONGO_URL']);
      await client.db(env['MONGO_DB']).dropDatabase();
      await client.close();
    }
  }, 60_000);

  describe('a 取消 of rows already shown', () => {
    let cancelled: string[];

    beforeAll(async () => {
      const rows = [...api.sim.smaregi.contract('dash').rows.values()].filter(
        (r) => r['cancelDivision'] !== '1' && r['disposeDivision'] === '0' && ['1', '2'].includes(r['terminalId']),
      );
      cancelled = [rows[0], rows[3]].map((r) => r['transactionHeadId']);
      for (const id of cancelled) api.sim.smaregi.cancel('dash', id, new Date(`${day}T21:00:00+09:00`));
      await api.pollNow();
    });

    it('turn into cancel rows, and the originals stay visible as cancelled by them', async () => {
      const { pages } = await listAll(ownerA, `date=${day}`);
      const rows = new Map(pages.flatMap((p) => p.transactions).map((t: any) => [t.transactionKey, t]));
      for (const id of cancelled) {
        const original: any = rows.get(`smaregi:dash:${id}`);
        const cancel: any = rows.get(`smaregi:dash:${id}#cancel`);
        expect(original).toMatchObject({
          kind: 'payment',
          lifecycle: {
            status: 'cancelled',
            original: null,
            changes: [{ transactionKey: `smaregi:dash:${id}#cancel`, kind: 'cancel' }],
          },
        });
        expect(cancel).toMatchObject({
          kind: 'cancel',
          total: original.total,
          occurredAtJst: `${day.replace(/-/g, '/')} 21:00:00`,
          lifecycle: { status: 'active', original: { transactionKey: `smaregi:dash:${id}`, transactionId: id } },
        });
      }
    });

    it('a modification shows on its original, and the reversing row points to it', async () => {
      const expected = await recorded();
      const modify = expected.find((e) => e.kind === 'modify' && e.refersTo);
      expect(modify).toBeDefined();
      const { pages } = await listAll(ownerA, `date=${modify!.day}&kind=payment,modify`);
      const rows = new Map(pages.flatMap((p) => p.transactions).map((t: any) => [t.transactionKey, t]));
      expect(rows.get(modify!.refersTo!)).toMatchObject({ lifecycle: { status: 'modified' } });
      expect(rows.get(modify!.key)).toMatchObject({ lifecycle: { original: { transactionKey: modify!.refersTo } } });
    });
  });

  describe('the day list', () => {
    beforeAll(async () => {
      // The day's last second and the next day's first, on register 1; a row with markup in it.
      api.sim.smaregi.addRows('dash', [
        {
          terminalId: '1',
          total: '1234',
          deposit: '2000',
          charge: '766',
          staffId: '9',
          staffName: MARKUP,
          terminalTranId: MARKUP,
          terminalTranDateTime: `${day} 23:59:59`,
          transactionDateTime: `${day} 23:59:59`,
          updDateTime: `${day} 23:59:59`,
        },
        {
          terminalId: '1',
          total: '300',
          deposit: '300',
          charge: '0',
          terminalTranId: 'MIDNIGHT',
          terminalTranDateTime: `${nextDay} 00:00:00`,
          transactionDateTime: `${nextDay} 00:00:00`,
          updDateTime: `${nextDay} 00:00:00`,
        },
      ]);
      await api.pollNow();
    });

    it.each([
      ['すべて', ''],
      ['支払い', 'payment'],
      ['キャンセル', 'cancel'],
      ['修正', 'modify'],
      ['削除', 'delete'],
      ['キャンセル and 修正', 'cancel,modify'],
    ])('%s lists exactly the camera’s rows of that kind, newest first, page by page', async (_label, kind) => {
      const expected = await recorded();
      for (const cameraId of [cameraA, cameraB]) {
        const kinds = kind ? kind.split(',') : [...KINDS];
        const want = expected
          .filter((e) => cameraOf(e.terminalKey) === cameraId && e.day === day && kinds.includes(e.kind))
          .sort(newestFirst)
          .map((e) => e.key);
        const { keys } = await listAll(ownerA, `cameraId=${cameraId}&date=${day}${kind ? `&kind=${kind}` : ''}`);
        expect(keys).toEqual(want);
      }
      // The day has each kind but modify on camera B (Ubiregi has none) and delete on camera A (Smaregi has none).
      expect(new Set(expected.filter((e) => e.day === day).map((e) => e.kind))).toEqual(new Set(KINDS));
    });

    it('every camera of the owner at once, and the registers no camera covers (unlinked=true)', async () => {
      const expected = (await recorded()).filter((e) => e.day === day).sort(newestFirst);
      expect((await listAll(ownerA, `date=${day}`)).keys).toEqual(
        expected.filter((e) => cameraOf(e.terminalKey)).map((e) => e.key),
      );
      const unlinked = expected.filter((e) => e.terminalKey === 'smaregi:dash:3').map((e) => e.key);
      expect(unlinked.length).toBeGreaterThan(0);
      expect((await listAll(ownerA, `unlinked=true&date=${day}`)).keys).toEqual(unlinked);
      expect((await listAll(ownerB, `unlinked=true&date=${day}`)).keys).toEqual([]);
    });

    it('searches the receipt number, the register (id or name) and the staff', async () => {
      const expected = (await recorded()).filter((e) => e.day === day && cameraOf(e.terminalKey) === cameraB);
      const names: Record<string, string> = {
        'smaregi:dash:2': 'レジ2',
        [`ubiregi:601:${ubiregiTerminal}`]: 'ユビレジ店',
      };
      const some = expected.find((e) => e.kind === 'payment' && e.terminalKey === 'smaregi:dash:2')!;
      for (const q of [some.receiptNo, '佐藤', 'レジ2', 'ユビレジ', '2']) {
        const want = expected
          .filter((e) =>
            [e.receiptNo, e.terminalId, e.staffName ?? '', names[e.terminalKey] ?? ''].some((v) =>
              v.toLowerCase().includes(q.toLowerCase()),
            ),
          )
          .sort(newestFirst)
          .map((e) => e.key);
        expect(want.length).toBeGreaterThan(0);
        const { keys } = await listAll(ownerA, `cameraId=${cameraB}&date=${day}&q=${encodeURIComponent(q)}`);
        expect({ q, keys }).toEqual({ q, keys: want });
      }
    });

    it('cuts the day at midnight Japan time: 23:59:59 is that day’s last row, 00:00:00 the next day’s first', async () => {
      const today = await ownerA.call('GET', `/api/transactions?cameraId=${cameraA}&date=${day}&limit=1`);
      expect(today.body.transactions[0]).toMatchObject({
        occurredAtJst: `${day.replace(/-/g, '/')} 23:59:59`,
        total: 1234,
      });
      const tomorrow = await ownerA.call('GET', `/api/transactions?cameraId=${cameraA}&date=${nextDay}`);
      expect(tomorrow.body.transactions.map((t: any) => t.receiptNo)).toEqual(['MIDNIGHT']);
      expect(tomorrow.body.transactions[0]).toMatchObject({
        occurredAt: new Date(`${nextDay}T00:00:00+09:00`).toISOString(),
        occurredAtJst: `${nextDay.replace(/-/g, '/')} 00:00:00`,
        storeDay: nextDay,
      });
    });

    it('totals each kind of the day as the POS simulators sum their own day', async () => {
      const kindsOf = (s: DaySummary) => ({
        payment: s.sales,
        cancel: s.cancels,
        modify: s.reversals,
        delete: s.deletions,
      });
      const plus = (x: ReturnType<typeof kindsOf>, y: ReturnType<typeof kindsOf>): ReturnType<typeof kindsOf> =>
        Object.fromEntries(
          KINDS.map((k) => [
            k,
            {
              count: x[k].count + y[k].count,
              total: x[k].total + y[k].total,
              deposit: x[k].deposit + y[k].deposit,
              change: x[k].change + y[k].change,
            },
          ]),
        ) as ReturnType<typeof kindsOf>;
      const a = kindsOf(api.sim.smaregi.daySummary('dash', day, ['1']));
      const b = plus(
        kindsOf(api.sim.smaregi.daySummary('dash', day, ['2'])),
        kindsOf(api.sim.ubiregi.daySummary(601, day)),
      );
      const unlinked = kindsOf(api.sim.smaregi.daySummary('dash', day, ['3']));
      expect(
        (await ownerA.call('GET', `/api/transactions?cameraId=${cameraA}&date=${day}&kind=cancel&q=x`)).body.totals,
      ).toEqual(a);
      expect((await ownerA.call('GET', `/api/transactions?cameraId=${cameraB}&date=${day}`)).body.totals).toEqual(b);
      expect((await ownerA.call('GET', `/api/transactions?date=${day}`)).body.totals).toEqual(plus(a, b));
      expect((await ownerA.call('GET', `/api/transactions?unlinked=true&date=${day}`)).body.totals).toEqual(unlinked);
      expect(a.payment.count).toBeGreaterThan(5);
      expect(b.delete.count + a.cancel.count).toBeGreaterThan(0);
    });

    it('gives each row its time in Japan time and ISO, amounts, receipt, register, staff, link and picture state', async () => {
      const res = await ownerA.call('GET', `/api/transactions?cameraId=${cameraA}&date=${day}&limit=1&kind=payment`);
      expect(res.body).toMatchObject({ day, cameraId: cameraA, unlinked: false });
      expect(res.body.transactions[0]).toEqual({
        transactionKey: expect.stringMatching(/^smaregi:dash:\d+$/),
        transactionId: expect.any(String),
        provider: 'smaregi',
        contractId: 'dash',
        storeId: '1',
        kind: 'payment',
        occurredAt: new Date(`${day}T23:59:59+09:00`).toISOString(),
        occurredAtJst: `${day.replace(/-/g, '/')} 23:59:59`,
        storeDay: day,
        receivedAt: expect.any(String),
        total: 1234,
        deposit: 2000,
        change: 766,
        currency: 'JPY',
        receiptNo: MARKUP,
        register: { terminalId: '1', name: 'レジ1' },
        staff: { id: '9', name: MARKUP },
        linked: true,
        cameraId: cameraA,
        linkId: links['smaregi:dash:1'],
        picture: { state: 'pending' },
        lifecycle: { status: 'active', original: null, changes: [] },
      });
    });

    it('sends markup in staff names and receipt numbers back as plain JSON strings', async () => {
      const res = await fetch(
        `${api.base}/api/transactions?cameraId=${cameraA}&date=${day}&q=${encodeURIComponent('<img')}`,
        {
          headers: { cookie: ownerA.cookie },
        },
      );
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const text = await res.text();
      const body = JSON.parse(text);
      expect(body.transactions).toHaveLength(1);
      expect(body.transactions[0].staff.name).toBe(MARKUP);
      expect(body.transactions[0].receiptNo).toBe(MARKUP);
      expect(text).toContain(JSON.stringify(MARKUP));
    });

    it('refuses bad parameters with 400 naming each', async () => {
      const first = await ownerA.call('GET', `/api/transactions?cameraId=${cameraA}&date=${day}&limit=3`);
      const cases: [string, string][] = [
        ['date=2026-02-30', 'date'],
        ['date=tomorrow', 'date'],
        ['kind=refund', 'kind'],
        ['limit=0', 'limit'],
        ['limit=201', 'limit'],
        ['unlinked=yes', 'unlinked'],
        [`unlinked=true&cameraId=${cameraA}`, 'unlinked'],
        ['kinds=payment', 'kinds'],
        ['cursor=not-a-cursor', 'cursor'],
        [`cameraId=${cameraA}&date=${day}&kind=cancel&cursor=${first.body.nextCursor}`, 'cursor'],
      ];
      for (const [query, field] of cases) {
        const res = await ownerA.call('GET', `/api/transactions?${query}`);
        expect({ query, status: res.status, error: res.body.error }).toEqual({
          query,
          status: 400,
          error: 'bad_request',
        });
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      }
    });

    it('shows the camera’s timeline with a marker for each of its rows', async () => {
      const from = new Date(`${day}T00:00:00+09:00`).toISOString();
      const to = new Date(`${nextDay}T00:00:00+09:00`).toISOString();
      const res = await ownerA.call('GET', `/api/cameras/${cameraA}/timeline?from=${from}&to=${to}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ cameraId: cameraA, zoom: '24H', resolutionMs: 120_000, markerSlots: null });
      const want = (await recorded())
        .filter((e) => cameraOf(e.terminalKey) === cameraA && e.day === day)
        .sort((x, y) => -newestFirst(x, y))
        .map((e) => ({ at: e.occurredAt, kind: e.kind, transactionKey: e.key }));
      expect(res.body.markers).toEqual(want);
      const tooLong = await ownerA.call(
        'GET',
        `/api/cameras/${cameraA}/timeline?from=${from}&to=${new Date(Date.parse(from) + 73 * 3_600_000).toISOString()}`,
      );
      expect(tooLong).toMatchObject({ status: 400, body: { details: [{ field: 'to' }] } });
    });
  });

  describe('pictures', () => {
    let rowKey: string;
    let otherKey: string;
    let bigKey: string;

    beforeAll(async () => {
      const expected = (await recorded()).filter(
        (e) => e.day === day && cameraOf(e.terminalKey) === cameraA && e.kind === 'payment',
      );
      [rowKey, otherKey, bigKey] = [expected[0].key, expected[1].key, expected[2].key];
    });

    it('a thumbnail made for a row shows on it, with its URLs, and a later result of a transaction wins', async () => {
      const now = new Date().toISOString();
      const ownerId = (await ownerA.call('GET', '/api/me')).body.id;
      await publish({
        type: 'ThumbnailFailed',
        transactionKey: rowKey,
        ownerId,
        cameraId: cameraA,
        linkId: links['smaregi:dash:1'],
        reason: 'camera_unavailable',
        detail: '503',
        createdAt: now,
      });
      await ready(rowKey, cameraA, links['smaregi:dash:1'], 10);
      await publish({
        type: 'NoPicture',
        transactionKey: otherKey,
        ownerId,
        cameraId: cameraA,
        linkId: links['smaregi:dash:1'],
        reason: 'camera_dark',
        createdAt: now,
      });
      const rows = await eventually(async () => {
        const { pages } = await listAll(ownerA, `cameraId=${cameraA}&date=${day}`);
        const byKey = new Map(pages.flatMap((p) => p.transactions).map((t: any) => [t.transactionKey, t.picture]));
        expect(byKey.get(otherKey)).toEqual({ state: 'none', reason: 'camera_dark', detail: null });
        expect(byKey.get(rowKey)).toMatchObject({ state: 'ready' });
        return byKey;
      });
      expect(rows.get(rowKey)).toEqual({
        state: 'ready',
        url: `/api/thumbnails/${encodeURIComponent(rowKey)}`,
        url2x: `/api/thumbnails/${encodeURIComponent(rowKey)}/2x`,
        width: 32,
        height: 18,
        frameAt: expect.any(String),
      });
    });

    it('serves the JPEG with its ETag, caches it privately and forever, answers 304 to the same ETag', async () => {
      const url = `${api.base}/api/thumbnails/${encodeURIComponent(rowKey)}`;
      const res = await fetch(url, { headers: { cookie: ownerA.cookie } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      expect(res.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
      const etag = res.headers.get('etag')!;
      expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
      expect(Buffer.from(await res.arrayBuffer())).toEqual(await tinyJpeg(10));
      const again = await fetch(url, { headers: { cookie: ownerA.cookie, 'if-none-match': etag } });
      expect(again.status).toBe(304);
      const twice = await fetch(`${url}/2x`, { headers: { cookie: ownerA.cookie } });
      expect(Buffer.from(await twice.arrayBuffer())).toEqual(await tinyJpeg(11));
      expect((await fetch(url, { headers: { cookie: ownerB.cookie } })).status).toBe(404);
      expect((await fetch(url)).status).toBe(401);
      expect(
        (
          await fetch(`${api.base}/api/thumbnails/${encodeURIComponent(otherKey)}`, {
            headers: { cookie: ownerA.cookie },
          })
        ).status,
      ).toBe(404);
    });
    it('closes the blob file of a thumbnail whose client hangs up in the middle of it', async () => {
      // A picture of several MiB: the client goes while most of it is still unread on the server.
      const big = (shade: number) =>
        sharp({
          create: {
            width: 2400,
            height: 2400,
            channels: 3,
            background: { r: 0, g: 0, b: 0 },
            noise: { type: 'gaussian', mean: 120 + shade, sigma: 60 },
          },
        })
          .jpeg({ quality: 100 })
          .toBuffer();
      await ready(bigKey, cameraA, links['smaregi:dash:1'], 40, big);
      const path = `/api/thumbnails/${encodeURIComponent(bigKey)}`;
      await eventually(async () => {
        const whole = await fetch(`${api.base}${path}`, { headers: { cookie: ownerA.cookie } });
        await whole.arrayBuffer();
        expect(whole.status).toBe(200);
      });
      // The files of the folder blob store this process holds open.
      const openBlobFiles = () =>
        readdirSync('/proc/self/fd')
          .map((fd) => {
            try {
              return readlinkSync(`/proc/self/fd/${fd}`);
            } catch {
              return '';
            }
          })
          .filter((file) => /\/objects\/.+\.data$/.test(file));
      const { port } = new URL(api.base);
      for (let i = 0; i < 5; i++) {
        await new Promise<void>((resolve, reject) => {
          const socket = connect(Number(port), '127.0.0.1', () =>
            socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\nCookie: ${ownerA.cookie}\r\n\r\n`),
          );
          socket.once('data', (first) => {
            expect(first.toString('latin1')).toMatch(/^HTTP\/1\.1 200/);
            socket.destroy();
            resolve();
          });
          socket.once('error', reject);
        });
      }
      const deadline = Date.now() + 5_000;
      while (openBlobFiles().length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(openBlobFiles()).toEqual([]);
    });
  });

  describe('live updates (GET /api/stream)', () => {
    const stream = (client: ApiClient, lastEventId?: string) =>
      SseClient.open(`${api.base}/api/stream`, {
        cookie: client.cookie,
        ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
      });

    const sale = (terminalId: string, receipt: string, time: string) => {
      const [id] = api.sim.smaregi.addRows('dash', [
        {
          terminalId,
          total: '700',
          deposit: '1000',
          charge: '300',
          terminalTranId: receipt,
          terminalTranDateTime: `${day} ${time}`,
          transactionDateTime: `${day} ${time}`,
          updDateTime: `${nextDay} 00:00:01`,
        },
      ]);
      return `smaregi:dash:${id}`;
    };

    it('a sale rung up arrives, then its picture; a reconnect with Last-Event-ID misses nothing', async () => {
      const live = await stream(ownerA);
      expect(live.status).toBe(200);
      await live.waitFor((e) => e.event === 'ready');
      const first = sale('1', 'LIVE-1', '15:00:00');
      await api.pollNow();
      const row = await live.waitFor((e) => e.event === 'row' && (e.data as any).transactionKey === first);
      expect(row.data).toMatchObject({ receiptNo: 'LIVE-1', cameraId: cameraA, picture: { state: 'pending' } });
      await ready(first, cameraA, links['smaregi:dash:1'], 20);
      const picture = await live.waitFor((e) => e.event === 'picture' && (e.data as any).transactionKey === first);
      expect(picture.data).toMatchObject({
        cameraId: cameraA,
        picture: { state: 'ready', url: `/api/thumbnails/${encodeURIComponent(first)}` },
      });
      const resumeFrom = live.lastEventId!;
      live.close();

      // While the portal is away: a sale on register 2 and its outcome, a relink on the Ubiregi register.
      const second = sale('2', 'LIVE-2', '15:05:00');
      await api.pollNow();
      await publish({
        type: 'NoPicture',
        transactionKey: second,
        ownerId: (await ownerA.call('GET', '/api/me')).body.id,
        cameraId: cameraB,
        linkId: links['smaregi:dash:2'],
        reason: 'no_frame',
        createdAt: new Date().toISOString(),
      });
      const moved = await ownerA.call('PUT', `/api/ubiregi/terminals/${ubiregiTerminal}`, { cameraId: cameraA });
      expect(moved.status).toBe(200);

      const back = await stream(ownerA, resumeFrom);
      await back.waitFor((e) => e.event === 'picture' && (e.data as any).transactionKey === second);
      await back.waitFor((e) => e.event === 'link' && (e.data as any).cameraId === cameraA);
      const keys = back.events.flatMap((e) =>
        e.event === 'row' || e.event === 'picture' ? [`${e.event}:${(e.data as any).transactionKey}`] : [],
      );
      expect(keys).toEqual([`row:${second}`, `picture:${second}`]);
      expect(back.events.filter((e) => e.event === 'link').map((e) => (e.data as any).status)).toEqual([
        'removed',
        'active',
      ]);
      // Heartbeats keep it open.
      await eventually(async () => expect(back.comments).toBeGreaterThan(0));
      back.close();
      await ownerA.call('PUT', `/api/ubiregi/terminals/${ubiregiTerminal}`, { cameraId: cameraB });
    });

    it('tells another owner nothing, bounds the streams of an owner, and ends a session’s streams at logout', async () => {
      const other = await stream(ownerB);
      const open = [other, ...(await Promise.all([1, 2, 3, 4].map(() => stream(ownerB))))];
      expect(open.map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);
      const sixth = await stream(ownerB);
      expect(sixth.status).toBe(429);
      for (const s of open.slice(1)) s.close();
      sale('1', 'LIVE-3', '15:10:00');
      await api.pollNow();
      await new Promise((r) => setTimeout(r, 500));
      expect(other.events.map((e) => e.event)).toEqual(['ready']);

      const me = (await ownerA.call('GET', '/api/me')).body;
      const session = await api.login(me.email, 'correct horse battery');
      const leaving = await stream(session);
      await leaving.waitFor((e) => e.event === 'ready');
      expect((await session.call('POST', '/api/auth/logout')).status).toBe(204);
      await leaving.waitFor((e) => e.event === 'logout');
      await leaving.waitForEnd();
      expect((await stream(session)).status).toBe(401);
      other.close();
    }, 30_000);
  });

  describe('isolation', () => {
    /** How each route is asked, with owner A's ids, by owner B: a route missing here fails the test until it is added. */
    const asked = (): Record<
      string,
      { path: string; body?: unknown; expect: 'not_found' | 'own_data_only' | 'public' | 'camera_token' }
    > => ({
      'GET /api/me': { path: '/api/me', expect: 'own_data_only' },
      'POST /api/auth/login': { path: '/api/auth/login', expect: 'public' },
      'POST /api/auth/logout': { path: '/api/auth/logout', expect: 'own_data_only' },
      'GET /api/health': { path: '/api/health', expect: 'public' },
      'GET /api/health/ready': { path: '/api/health/ready', expect: 'public' },
      'GET /api/cameras': { path: '/api/cameras', expect: 'own_data_only' },
      'GET /api/cameras/:cameraId/picture': { path: `/api/cameras/${cameraA}/picture`, expect: 'not_found' },
      'GET /api/cameras/:cameraId/timeline': { path: `/api/cameras/${cameraA}/timeline`, expect: 'not_found' },
      'GET /api/cameras/:cameraId/changes': { path: `/api/cameras/${cameraA}/changes`, expect: 'not_found' },
      'PUT /api/cameras/:cameraId/clock-offset': {
        path: `/api/cameras/${cameraA}/clock-offset`,
        body: { clockOffsetMs: 1000 },
        expect: 'not_found',
      },
      'POST /api/cameras/:cameraId/frames': { path: `/api/cameras/${cameraA}/frames`, expect: 'camera_token' },
      'GET /api/links': { path: '/api/links', expect: 'own_data_only' },
      'POST /api/links': {
        path: '/api/links',
        body: { contractId: 'dash', accessToken: TOKEN, terminalId: '3', cameraId: cameraA },
        expect: 'not_found',
      },
      'POST /api/links/delete': {
        path: '/api/links/delete',
        body: { linkIds: [links['smaregi:dash:1']] },
        expect: 'not_found',
      },
      'PUT /api/links/:linkId/camera': {
        path: `/api/links/${links['smaregi:dash:1']}/camera`,
        body: { cameraId: cameraC },
        expect: 'not_found',
      },
      'GET /api/audit/links': { path: `/api/audit/links?cameraId=${cameraA}`, expect: 'own_data_only' },
      'GET /api/audit/links/state': {
        path: `/api/audit/links/state?at=${new Date().toISOString()}`,
        expect: 'own_data_only',
      },
      'GET /api/transactions': { path: `/api/transactions?cameraId=${cameraA}&date=${day}`, expect: 'not_found' },
      'GET /api/thumbnails/:transactionKey': {
        path: `/api/thumbnails/${encodeURIComponent(`smaregi:dash:${[...api.sim.smaregi.contract('dash').rows.keys()][0]}`)}`,
        expect: 'not_found',
      },
      'GET /api/thumbnails/:transactionKey/2x': {
        path: `/api/thumbnails/${encodeURIComponent(`smaregi:dash:${[...api.sim.smaregi.contract('dash').rows.keys()][0]}`)}/2x`,
        expect: 'not_found',
      },
      'GET /api/stream': { path: '/api/stream', expect: 'own_data_only' },
      'GET /api/ubiregi/connect': { path: '/api/ubiregi/connect', expect: 'own_data_only' },
      'GET /api/ubiregi/callback': { path: '/api/ubiregi/callback?code=x&state=y', expect: 'own_data_only' },
      'GET /api/ubiregi/terminals': { path: '/api/ubiregi/terminals', expect: 'not_found' },
      'PUT /api/ubiregi/terminals/:terminalId': {
        path: `/api/ubiregi/terminals/${ubiregiTerminal}`,
        body: { cameraId: cameraA },
        expect: 'not_found',
      },
      'GET /api/smaregi/contracts': { path: '/api/smaregi/contracts', expect: 'own_data_only' },
      'POST /api/smaregi/contracts/:contractId/push-secret': {
        path: '/api/smaregi/contracts/dash/push-secret',
        expect: 'not_found',
      },
      'POST /webhooks/smaregi/:contractId/:secret': {
        path: `/webhooks/smaregi/dash/${'A'.repeat(43)}`,
        expect: 'public',
      },
    });

    it('walks every route of the API: 401 without a session, 404 for another owner’s ids, never their data', async () => {
      const table = asked();
      const routes = routeTable(api.app);
      expect(routes.filter((r) => !(r in table))).toEqual([]);
      const idsOfA = [cameraA, cameraB, ...Object.values(links), 'smaregi:dash', 'ubiregi:601'];
      for (const route of routes) {
        const entry = table[route];
        const method = route.split(' ')[0];
        const init = (cookie?: string): RequestInit => ({
          method,
          redirect: 'manual',
          signal: AbortSignal.timeout(5000),
          headers: { ...(cookie ? { cookie } : {}), ...(entry.body ? { 'content-type': 'application/json' } : {}) },
          body: entry.body ? JSON.stringify(entry.body) : undefined,
        });
        const anonymous = await fetch(`${api.base}${entry.path}`, init());
        // Frames authenticate by the camera's ingest token, never by a session: 401 with or without one.
        if (entry.expect !== 'public') expect({ route, status: anonymous.status }).toEqual({ route, status: 401 });
        await anonymous.body?.cancel();
        if (route === 'POST /api/auth/logout') continue;
        const byB = await fetch(`${api.base}${entry.path}`, init(ownerB.cookie));
        const text = route === 'GET /api/stream' ? await readFor(byB, 500) : await byB.text();
        if (entry.expect === 'not_found') expect({ route, status: byB.status }).toEqual({ route, status: 404 });
        if (entry.expect === 'camera_token') expect({ route, status: byB.status }).toEqual({ route, status: 401 });
        if (entry.expect === 'public' && route.startsWith('POST /webhooks'))
          expect({ route, status: byB.status }).toEqual({ route, status: 404 });
        // Operators' endpoints (health) are public by design; every other answer holds none of owner A's ids.
        if (entry.expect === 'public') continue;
        // An id the request itself named may be echoed (`camera … was not found`); any other is a leak.
        const sent = `${decodeURIComponent(entry.path)} ${JSON.stringify(entry.body ?? null)}`;
        for (const id of idsOfA.filter((i) => !sent.includes(i)))
          expect({ route, leaks: text.includes(id) ? id : null }).toEqual({ route, leaks: null });
      }
    }, 30_000);
  });
});

/** The first part of a streamed answer, then the connection is closed. */
async function readFor(res: Response, ms: number): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const stop = setTimeout(() => void reader.cancel(), ms);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
  } catch {
    // cancelled
  } finally {
    clearTimeout(stop);
  }
  return text;
}
