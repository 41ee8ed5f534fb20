import { batchLookup, catchUpProjection } from '@regicam/event-sourcing';
import { projectionSpec, type GivenEvent, type ProjectedDocuments } from '@regicam/event-sourcing/testing';
import { SqliteEventStore } from '@regicam/event-store/sqlite';
import type { Collection, ReadDocument, Write } from '@regicam/read-store';
import { SqliteReadStore } from '@regicam/read-store/sqlite';
import type { DayTotals } from './day-totals';
import type { TerminalLinks } from './link-intervals';
import { transactionProjection } from './transaction-projection';
import {
  TRANSACTIONS,
  TRANSACTION_DAY_TOTALS,
  TRANSACTION_FEED,
  TRANSACTION_LINKS,
  type TransactionDocument,
  type TransactionFeedEntry,
} from './transaction-read-model';

const linkCreated = (linkId: string, cameraId: string, at: string, terminalId = '2', ownerId = 'o1'): GivenEvent => ({
  stream: `link-smaregi-c1-${terminalId}`,
  type: 'LinkCreated.v1',
  data: {
    linkId,
    ownerId,
    provider: 'smaregi',
    contractId: 'c1',
    terminalId,
    cameraId,
    region: null,
    actor: ownerId,
    at,
  },
});

const linkRemoved = (linkId: string, cameraId: string, at: string, terminalId = '2', ownerId = 'o1'): GivenEvent => ({
  stream: `link-smaregi-c1-${terminalId}`,
  type: 'LinkRemoved.v1',
  data: {
    linkId,
    ownerId,
    provider: 'smaregi',
    contractId: 'c1',
    terminalId,
    cameraId,
    reason: 'relinked',
    actor: ownerId,
    at,
  },
});

const received = (transactionId: string, over: Record<string, unknown> = {}): GivenEvent => ({
  stream: `transaction-smaregi-c1-${transactionId}`,
  type: 'TransactionReceived.v1',
  data: {
    transactionId,
    provider: 'smaregi',
    contractId: 'c1',
    storeId: '1',
    terminalId: '2',
    receiptNo: `R${transactionId}`,
    kind: 'payment',
    occurredAt: '2026-12-01T02:13:04.000Z',
    receivedAt: '2026-12-01T02:13:09.000Z',
    total: 550,
    deposit: 1000,
    change: 450,
    currency: 'JPY',
    staff: { id: '7', name: '山田' },
    refersTo: null,
    actor: 'system:smaregi-poller',
    ...over,
  },
});

const cancelOf = (transactionId: string, occurredAt: string, total = 550) =>
  received(`${transactionId}#cancel`, {
    kind: 'cancel',
    refersTo: transactionId,
    occurredAt,
    total,
    deposit: total,
    change: 0,
  });

const row = (docs: ProjectedDocuments, id: string) => docs.get<TransactionDocument>(TRANSACTIONS, `smaregi:c1:${id}`);
const feed = async (docs: ProjectedDocuments, ownerId: string) =>
  (await docs.all<TransactionFeedEntry>(TRANSACTION_FEED.entries)).filter((e) => e.ownerId === ownerId);

describe('the transactions projection', () => {
  let events: SqliteEventStore;
  let store: SqliteReadStore;
  const spec = () => projectionSpec(transactionProjection(), { events, store });
  const linked = linkCreated('l1', 'cam-a', '2026-12-01T00:00:00.000Z');

  beforeEach(() => {
    events = new SqliteEventStore({ path: ':memory:' });
    store = new SqliteReadStore(':memory:');
  });
  afterEach(async () => {
    await store.close();
    await events.close();
  });

  describe('a terminal linked to a camera', () => {
    it('gives a sale its camera, owner and link, its store day and an active lifecycle', () =>
      spec()
        .given(linked)
        .when(received('25'))
        .then(async (docs) => {
          expect(await row(docs, '25')).toMatchObject({
            terminalKey: 'smaregi:c1:2',
            contractKey: 'smaregi:c1',
            storeDay: '2026-12-01',
            linked: true,
            ownerId: 'o1',
            cameraId: 'cam-a',
            linkId: 'l1',
            receiptNo: 'R25',
            staff: { id: '7', name: '山田' },
            refersToKey: null,
            lifecycle: { status: 'active', changes: [] },
          });
        }));

    it('counts the store day in Japan time: 23:59:59 is that day, 00:00:00 the next', () =>
      spec()
        .given(linked)
        .when(
          received('late', { occurredAt: '2026-12-01T14:59:59.000Z' }),
          received('midnight', { occurredAt: '2026-12-01T15:00:00.000Z' }),
        )
        .then(async (docs) => {
          expect((await row(docs, 'late'))?.storeDay).toBe('2026-12-01');
          expect((await row(docs, 'midnight'))?.storeDay).toBe('2026-12-02');
          const day = await docs.get<DayTotals>(TRANSACTION_DAY_TOTALS, 'camera:cam-a:2026-12-02');
          expect(day?.rows.map((r) => r.key)).toEqual(['smaregi:c1:midnight']);
        }));

    it('gives a sale before the link no camera, and one at the link’s instant the camera', () =>
      spec()
        .given(linked)
        .when(
          received('before', { occurredAt: '2026-11-30T23:59:59.999Z' }),
          received('at', { occurredAt: '2026-12-01T00:00:00.000Z' }),
        )
        .then(async (docs) => {
          expect(await row(docs, 'before')).toMatchObject({ linked: false, ownerId: null, cameraId: null });
          expect(await row(docs, 'at')).toMatchObject({ linked: true, cameraId: 'cam-a' });
        }));
  });

  describe('a relink at 12:00:00', () => {
    const relink = [
      linked,
      linkRemoved('l1', 'cam-a', '2026-12-01T03:00:00.000Z'),
      linkCreated('l2', 'cam-b', '2026-12-01T03:00:00.000Z'),
    ];

    it('gives 11:59:59 the old camera and 12:00:00 the new one, whatever order the sales come in', () =>
      spec()
        .given(...relink)
        .when(
          received('noon', { occurredAt: '2026-12-01T03:00:00.000Z' }),
          received('before', { occurredAt: '2026-12-01T02:59:59.000Z' }),
        )
        .then(async (docs) => {
          expect(await row(docs, 'before')).toMatchObject({ cameraId: 'cam-a', linkId: 'l1' });
          expect(await row(docs, 'noon')).toMatchObject({ cameraId: 'cam-b', linkId: 'l2' });
          expect((await docs.get<TerminalLinks>(TRANSACTION_LINKS, 'smaregi:c1:2'))?.links).toEqual([
            {
              linkId: 'l1',
              ownerId: 'o1',
              cameraId: 'cam-a',
              from: '2026-12-01T00:00:00.000Z',
              to: '2026-12-01T03:00:00.000Z',
            },
            { linkId: 'l2', ownerId: 'o1', cameraId: 'cam-b', from: '2026-12-01T03:00:00.000Z', to: null },
          ]);
        }));
  });

  describe('the lifecycle', () => {
    it('a 取消 of a row already shown becomes a cancel row, and the original stays, cancelled by it', () =>
      spec()
        .given(linked, received('25'))
        .when(cancelOf('25', '2026-12-01T05:00:00.000Z'))
        .then(async (docs) => {
          expect(await row(docs, '25')).toMatchObject({
            kind: 'payment',
            version: 2,
            lifecycle: {
              status: 'cancelled',
              changes: [
                { transactionKey: 'smaregi:c1:25#cancel', kind: 'cancel', occurredAt: '2026-12-01T05:00:00.000Z' },
              ],
            },
          });
          expect(await row(docs, '25#cancel')).toMatchObject({
            kind: 'cancel',
            refersToKey: 'smaregi:c1:25',
            lifecycle: { status: 'active' },
          });
        }));

    it('a change read before its original is on the original when it comes', () =>
      spec()
        .given(linked, received('30#m', { kind: 'modify', refersTo: '30', occurredAt: '2026-12-01T06:00:00.000Z' }))
        .when(received('30'))
        .then(async (docs) => {
          expect((await row(docs, '30'))?.lifecycle).toEqual({
            status: 'modified',
            changes: [{ transactionKey: 'smaregi:c1:30#m', kind: 'modify', occurredAt: '2026-12-01T06:00:00.000Z' }],
          });
        }));

    it('the latest change decides: modified, then cancelled', () =>
      spec()
        .given(linked, received('40'))
        .when(
          received('41', { kind: 'modify', refersTo: '40', occurredAt: '2026-12-01T06:00:00.000Z' }),
          cancelOf('40', '2026-12-01T07:00:00.000Z'),
        )
        .then(async (docs) => {
          const lifecycle = (await row(docs, '40'))?.lifecycle;
          expect(lifecycle?.status).toBe('cancelled');
          expect(lifecycle?.changes.map((c) => c.kind)).toEqual(['modify', 'cancel']);
        }));
  });

  describe('the day’s totals', () => {
    it('count each row once in its own kind, per camera, and the unlinked ones per contract', () =>
      spec()
        .given(linked, received('1', { total: 1000, deposit: 1000, change: 0 }))
        .when(
          received('2', { total: 300, deposit: 500, change: 200 }),
          cancelOf('1', '2026-12-01T04:00:00.000Z', 1000),
          received('3', { terminalId: '9', total: 70, deposit: 100, change: 30 }),
        )
        .then(async (docs) => {
          const day = await docs.get<DayTotals>(TRANSACTION_DAY_TOTALS, 'camera:cam-a:2026-12-01');
          expect(day?.totals).toEqual({
            payment: { count: 2, total: 1300, deposit: 1500, change: 200 },
            cancel: { count: 1, total: 1000, deposit: 1000, change: 0 },
            modify: { count: 0, total: 0, deposit: 0, change: 0 },
            delete: { count: 0, total: 0, deposit: 0, change: 0 },
          });
          const unlinked = await docs.get<DayTotals>(TRANSACTION_DAY_TOTALS, 'unlinked:smaregi:c1:2026-12-01');
          expect(unlinked?.totals.payment).toEqual({ count: 1, total: 70, deposit: 100, change: 30 });
        }));
  });

  describe('the owner’s feed', () => {
    it('numbers the owner’s changes 1, 2, 3…: a link, a new row, then a cancel with its original', () =>
      spec()
        .given(linked, received('25'))
        .when(cancelOf('25', '2026-12-01T05:00:00.000Z'), received('99', { terminalId: '9' }))
        .then(async (docs) => {
          const entries = await feed(docs, 'o1');
          expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);
          expect(entries[0].changes).toMatchObject([{ type: 'link', link: { linkId: 'l1', status: 'active' } }]);
          expect(entries[1].changes).toMatchObject([{ type: 'row', row: { id: 'smaregi:c1:25' } }]);
          expect(entries[2].changes).toMatchObject([
            { type: 'row', row: { id: 'smaregi:c1:25#cancel' } },
            { type: 'row', row: { id: 'smaregi:c1:25', lifecycle: { status: 'cancelled' } } },
          ]);
          // An unlinked register has no owner: nothing in any feed.
          expect((await docs.all<TransactionFeedEntry>(TRANSACTION_FEED.entries)).length).toBe(3);
        }));
  });

  describe('other events', () => {
    it('change nothing', () =>
      spec()
        .given(received('25'))
        .when({ stream: 'owner-1', type: 'OwnerRenamed.v1', data: { name: 'x' } })
        .then(async (docs) => expect(await docs.all(TRANSACTIONS)).toHaveLength(1)));
  });
});

describe('the transactions projection, applied twice', () => {
  const projection = transactionProjection();
  const history = [
    linkCreated('l1', 'cam-a', '2026-12-01T00:00:00.000Z'),
    received('1'),
    received('2', { total: 900 }),
    cancelOf('1', '2026-12-01T05:00:00.000Z'),
  ];

  async function everything(store: SqliteReadStore): Promise<Record<string, ReadDocument[]>> {
    const out: Record<string, ReadDocument[]> = {};
    for (const c of projection.collections) {
      const collection: Collection<ReadDocument> = await store.collection(c.name);
      out[c.name] = (await collection.find({}, { sort: [['id', 1]], limit: 1000 })).items;
    }
    return out;
  }

  it('ends as a single run when a store without transactions stopped after part of a batch', async () => {
    const events = new SqliteEventStore({ path: ':memory:' });
    for (const e of history) {
      await events.append(e.stream, [{ id: crypto.randomUUID(), type: e.type, data: e.data }], {
        expectedRevision: 'any',
      });
    }
    const once = new SqliteReadStore(':memory:');
    await catchUpProjection(events, once, projection);

    // The same batch, its writes applied up to the cancel's last one (its row) and no checkpoint saved…
    const twice = new SqliteReadStore(':memory:');
    const collections = new Map<string, Collection<ReadDocument>>();
    for (const c of projection.collections) collections.set(c.name, await twice.collection(c.name, c.indexes));
    const pending: Write[] = [];
    const lookup = batchLookup(() => pending, collections, projection.name);
    for (const event of await events.readAll()) pending.push(...(await projection.project(event, lookup)));
    await twice.commit({ writes: pending.slice(0, -1), checkpoint: { name: 'elsewhere', position: '0' } });
    // …then projected again from the checkpoint, as after a restart.
    await catchUpProjection(events, twice, projection);

    const a = await everything(once);
    const b = await everything(twice);
    for (const name of [TRANSACTIONS, TRANSACTION_DAY_TOTALS, TRANSACTION_LINKS]) expect(b[name]).toEqual(a[name]);
    // The cancel was announced again (at least once), never lost.
    const announced = (b[TRANSACTION_FEED.entries] as TransactionFeedEntry[]).flatMap((e) =>
      e.changes.map((c) => (c.type === 'row' ? c.row.id : c.link.linkId)),
    );
    expect(announced.filter((id) => id === 'smaregi:c1:1#cancel').length).toBeGreaterThanOrEqual(1);
    await Promise.all([once.close(), twice.close(), events.close()]);
  });
});
