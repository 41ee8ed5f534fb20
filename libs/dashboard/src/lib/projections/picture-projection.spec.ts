import { TOPIC, encodeRecord, type ThumbnailsValue } from '@regicam/contracts';
import { SqliteMessageLog } from '@regicam/messaging/sqlite';
import { SqliteReadStore } from '@regicam/read-store/sqlite';
import { PICTURE_FEED, TRANSACTION_PICTURES, pictureProjection, type PictureDocument } from './picture-projection';
import { TopicProjector, parsePositions, replayTopicProjection } from './topic-projector';

const TOPIC_NAME = 'test.thumbnails';
const at = '2026-12-01T02:13:06.000Z';
const ready = (key: string): ThumbnailsValue => ({
  type: 'ThumbnailReady',
  transactionKey: key,
  ownerId: 'o1',
  cameraId: 'cam-a',
  linkId: 'l1',
  blobIds: { '1x': `thumb/${key}/1x`, '2x': `thumb/${key}/2x` },
  width: 320,
  height: 180,
  frameAt: '2026-12-01T02:13:04.400Z',
  skewMs: 400,
  createdAt: at,
});
const failed = (key: string): ThumbnailsValue => ({
  type: 'ThumbnailFailed',
  transactionKey: key,
  ownerId: 'o1',
  cameraId: 'cam-a',
  linkId: 'l1',
  reason: 'camera_unavailable',
  detail: 'Safie answered 503',
  createdAt: at,
});
const none = (key: string, reason: 'not_linked' | 'camera_dark'): ThumbnailsValue => ({
  type: 'NoPicture',
  transactionKey: key,
  ownerId: reason === 'not_linked' ? null : 'o1',
  cameraId: reason === 'not_linked' ? null : 'cam-a',
  linkId: reason === 'not_linked' ? null : 'l1',
  reason,
  createdAt: at,
});

describe('the pictures projection (regicam.thumbnails.v1 → transaction_pictures)', () => {
  let log: SqliteMessageLog;
  let store: SqliteReadStore;
  let projector: TopicProjector;
  const send = (values: ThumbnailsValue[]) =>
    log.send(
      TOPIC_NAME,
      values.map((v) => encodeRecord(TOPIC.thumbnails, v)),
    );
  const picture = async (key: string) => (await store.collection<PictureDocument>(TRANSACTION_PICTURES)).get(key);

  beforeEach(async () => {
    log = new SqliteMessageLog({ path: ':memory:', pollIntervalMs: 10, sweepIntervalMs: 0 });
    await log.createTopics([{ name: TOPIC_NAME, partitions: 2 }]);
    store = new SqliteReadStore(':memory:');
    projector = new TopicProjector(pictureProjection(), log, store, { topic: TOPIC_NAME });
  });
  afterEach(async () => {
    await projector.stop();
    await store.close();
    await log.close();
  });

  it('records each state: ready with its thumbnails and frame time, failed and none with the reason, not linked', async () => {
    await send([
      ready('smaregi:c1:1'),
      failed('smaregi:c1:2'),
      none('smaregi:c1:3', 'camera_dark'),
      none('smaregi:c1:4', 'not_linked'),
    ]);
    await projector.start();
    await projector.caughtUp();
    expect(await picture('smaregi:c1:1')).toMatchObject({
      state: 'ready',
      blobIds: { '1x': 'thumb/smaregi:c1:1/1x', '2x': 'thumb/smaregi:c1:1/2x' },
      frameAt: '2026-12-01T02:13:04.400Z',
      width: 320,
    });
    expect(await picture('smaregi:c1:2')).toMatchObject({ state: 'failed', reason: 'camera_unavailable' });
    expect(await picture('smaregi:c1:3')).toMatchObject({ state: 'none', reason: 'camera_dark' });
    expect(await picture('smaregi:c1:4')).toMatchObject({ state: 'not_linked', ownerId: null });
  });

  it('lets a later result of a transaction win, and tells the owner once per result (none for not linked)', async () => {
    await projector.start();
    await send([failed('smaregi:c1:1')]);
    await send([ready('smaregi:c1:1'), none('smaregi:c1:9', 'not_linked')]);
    await projector.caughtUp();
    expect((await picture('smaregi:c1:1'))?.state).toBe('ready');
    const feed = await (
      await store.collection<{ id: string; changes: { picture: PictureDocument }[] }>(PICTURE_FEED.entries)
    ).find({}, { sort: [['id', 1]], limit: 10 });
    expect(feed.items.map((e) => e.changes[0].picture.state)).toEqual(['failed', 'ready']);
  });

  it('saves the position of every partition with the writes, and a restart reads on from there without repeating', async () => {
    await send([ready('smaregi:c1:1'), ready('smaregi:c1:2'), ready('smaregi:c1:3')]);
    await projector.start();
    await projector.caughtUp();
    await projector.stop();
    const positions = parsePositions(await store.checkpoint(TRANSACTION_PICTURES));
    const total = Object.values(positions).reduce((n, p) => n + Number(p), 0);
    expect(total).toBe(3);
    await send([failed('smaregi:c1:4')]);
    projector = new TopicProjector(pictureProjection(), log, store, { topic: TOPIC_NAME });
    await projector.start();
    await projector.caughtUp();
    expect(projector.status().details['projected']).toBe(1);
    expect((await picture('smaregi:c1:4'))?.state).toBe('failed');
  });

  it('rebuilds into another store exactly what it keeps live', async () => {
    await send([failed('smaregi:c1:1'), ready('smaregi:c1:1'), none('smaregi:c1:2', 'not_linked')]);
    await projector.start();
    await projector.caughtUp();
    const scratch = new SqliteReadStore(':memory:');
    try {
      expect(await replayTopicProjection(pictureProjection(), log, TOPIC_NAME, scratch)).toBe(3);
      const all = async (s: SqliteReadStore) =>
        (await (await s.collection<PictureDocument>(TRANSACTION_PICTURES)).find({}, { sort: [['id', 1]], limit: 10 }))
          .items;
      expect(await all(scratch)).toEqual(await all(store));
    } finally {
      await scratch.close();
    }
  });
});
