import { SqliteEventStore } from '@regicam/event-store/sqlite';
import { projectionSpec, type GivenEvent } from '@regicam/event-sourcing/testing';
import { SqliteReadStore } from '@regicam/read-store/sqlite';
import { linkProjection } from './link-projection';
import type { LinkDocument, LinkHistoryEntry } from './link-read-model';

const stream = 'link-smaregi-c1-3';
const facts = {
  ownerId: 'o-1',
  provider: 'smaregi',
  contractId: 'c1',
  terminalId: '3',
  actor: 'owner:o-1',
};
const linkCreated = (linkId: string, cameraId: string, at: string): GivenEvent => ({
  stream,
  type: 'LinkCreated.v1',
  data: { ...facts, linkId, cameraId, region: { x: 0, y: 0.5, width: 0.5, height: 0.5 }, at },
});
const linkRemoved = (linkId: string, cameraId: string, at: string, reason = 'removed by the owner'): GivenEvent => ({
  stream,
  type: 'LinkRemoved.v1',
  data: { ...facts, linkId, cameraId, reason, at },
});

describe('the links projection', () => {
  let events: SqliteEventStore;
  let store: SqliteReadStore;
  const spec = () => projectionSpec(linkProjection(), { events, store });

  beforeEach(() => {
    events = new SqliteEventStore({ path: ':memory:' });
    store = new SqliteReadStore(':memory:');
  });
  afterEach(async () => {
    await store.close();
    await events.close();
  });

  describe('an unlinked terminal', () => {
    it('LinkCreated makes an active link and an audit entry', () =>
      spec()
        .given()
        .when(linkCreated('l1', 'cam-a', '2026-12-01T03:00:00.000Z'))
        .then(async (docs) => {
          expect(await docs.get<LinkDocument>('links', 'l1')).toMatchObject({
            status: 'active',
            terminalKey: 'smaregi:c1:3',
            cameraId: 'cam-a',
            createdAt: '2026-12-01T03:00:00.000Z',
            createdBy: 'owner:o-1',
            removedAt: null,
            version: 1,
          });
          const history = await docs.all<LinkHistoryEntry>('link_history');
          expect(history).toHaveLength(1);
          expect(history[0]).toMatchObject({ eventType: 'LinkCreated', linkId: 'l1', actor: 'owner:o-1' });
        }));
  });

  describe('a linked terminal', () => {
    it('LinkRemoved ends the link, keeping who and why', () =>
      spec()
        .given(linkCreated('l1', 'cam-a', '2026-12-01T03:00:00.000Z'))
        .when(linkRemoved('l1', 'cam-a', '2026-12-01T04:00:00.000Z'))
        .then(async (docs) => {
          expect(await docs.get<LinkDocument>('links', 'l1')).toMatchObject({
            status: 'removed',
            removedAt: '2026-12-01T04:00:00.000Z',
            removedBy: 'owner:o-1',
            removedReason: 'removed by the owner',
            version: 2,
          });
          expect((await docs.all('link_history')).length).toBe(2);
        }));

    it('a relink (removed and created in one append) leaves the old link removed and the new one active', () =>
      spec()
        .given(linkCreated('l1', 'cam-a', '2026-12-01T03:00:00.000Z'))
        .when(
          linkRemoved('l1', 'cam-a', '2026-12-01T12:00:00.000Z', 'relinked to camera cam-b'),
          linkCreated('l2', 'cam-b', '2026-12-01T12:00:00.000Z'),
        )
        .then(async (docs) => {
          expect(await docs.get<LinkDocument>('links', 'l1')).toMatchObject({ status: 'removed' });
          expect(await docs.get<LinkDocument>('links', 'l2')).toMatchObject({ status: 'active', cameraId: 'cam-b' });
        }));
  });

  describe('events it does not handle', () => {
    it('change nothing', () =>
      spec()
        .given(linkCreated('l1', 'cam-a', '2026-12-01T03:00:00.000Z'))
        .when({ stream, type: 'LinkPaused.v1', data: { linkId: 'l1' } })
        .then(async (docs) => {
          expect(await docs.get<LinkDocument>('links', 'l1')).toMatchObject({ status: 'active', version: 1 });
          expect((await docs.all('link_history')).length).toBe(1);
        }));
  });
});
