import { FolderBlobStore } from '@regicam/blob-store/folder';
import { CameraDirectory } from '@regicam/cameras';
import { SqliteMessageLog } from '@regicam/messaging/sqlite';
import { SqliteReadStore } from '@regicam/read-store/sqlite';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { readFrames } from '../testing';
import { FrameIntake, FrameRefused, frameBlobId, type FramePush } from './frame-intake';

const TOPIC = 'regicam.camera-frames.v1';
const NOW = Date.parse('2026-12-01T03:00:00.000Z');

describe('FrameIntake: frames pushed by push cameras', () => {
  let store: SqliteReadStore;
  let blobs: FolderBlobStore;
  let log: SqliteMessageLog;
  let directory: CameraDirectory;
  let intake: FrameIntake;
  let token: string;
  let jpeg: Buffer;
  let now = NOW;

  const push = (over: Partial<FramePush> = {}): Promise<unknown> =>
    intake.receive({
      cameraId: 'cam-push',
      authorization: `Bearer ${token}`,
      contentType: 'image/jpeg',
      body: jpeg,
      capturedAtHeader: '2026-12-01T12:00:00.250+09:00',
      capturedAtQuery: undefined,
      ...over,
    });
  const refusal = async (pending: Promise<unknown>) => {
    const error = await pending.then(
      () => null,
      (e: unknown) => e,
    );
    if (!(error instanceof FrameRefused)) throw new Error(`not refused: ${String(error)}`);
    return { status: error.status, code: error.code, field: error.field };
  };
  const capturedMs = Date.parse('2026-12-01T03:00:00.250Z');

  beforeAll(async () => {
    jpeg = await sharp({ create: { width: 640, height: 360, channels: 3, background: '#3a6' } })
      .jpeg()
      .toBuffer();
  });

  beforeEach(async () => {
    now = NOW;
    store = new SqliteReadStore(':memory:');
    blobs = await FolderBlobStore.open(mkdtempSync(join(tmpdir(), 'regicam-frames-')));
    log = new SqliteMessageLog({ path: ':memory:', now: () => now, sweepIntervalMs: 0 });
    await log.createTopics([{ name: TOPIC, partitions: 2 }]);
    directory = await CameraDirectory.open(store);
    const meta = { actor: 'cli:test', now: new Date(NOW).toISOString() };
    for (const id of ['cam-push', 'cam-safie']) {
      await directory.add({ ownerId: 'o', name: id, model: 'm', serial: id, posOption: null }, { id, now: meta.now });
    }
    await directory.setSource('cam-push', { kind: 'push' }, meta);
    token = (await directory.rotateIngestToken('cam-push', meta)).token;
    await directory.setSource('cam-safie', { kind: 'safie', deviceId: 'd' }, meta);
    intake = new FrameIntake(directory, blobs, log, TOPIC, {
      maxBytes: 200_000,
      maxPixels: 640 * 360,
      now: () => new Date(now),
    });
  });

  afterEach(async () => {
    await log.close();
    await blobs.close();
    await store.close();
  });

  it('stores a frame and announces it once, however often it is pushed', async () => {
    const first = await push();
    now += 2000;
    const again = await push();
    const frame = {
      type: 'FrameCaptured',
      cameraId: 'cam-push',
      capturedAt: '2026-12-01T03:00:00.250Z',
      receivedAt: new Date(NOW).toISOString(),
      blobId: `frames/cam-push/${capturedMs}.jpg`,
      width: 640,
      height: 360,
    };
    expect(first).toEqual({ frame, duplicate: false });
    expect(again).toMatchObject({ duplicate: true, frame: { blobId: frame.blobId } });
    const records = await readFrames(log, TOPIC);
    expect(records).toEqual([
      { id: 'cam-push/FrameCaptured/2026-12-01T03:00:00.250Z', key: 'cam-push', timestamp: capturedMs, value: frame },
    ]);
    const stored = await blobs.getBuffer(frame.blobId);
    expect(stored?.data.equals(jpeg)).toBe(true);
    expect(stored).toMatchObject({ contentType: 'image/jpeg', expiresAt: new Date(capturedMs + 3 * 86_400_000) });
  });

  it('takes the time from ?capturedAt= as well, and refuses two different times or none', async () => {
    await expect(
      push({ capturedAtHeader: undefined, capturedAtQuery: '2026-12-01T03:00:00.250Z' }),
    ).resolves.toMatchObject({
      frame: { capturedAt: '2026-12-01T03:00:00.250Z' },
    });
    expect(await refusal(push({ capturedAtQuery: '2026-12-01T03:00:01Z' }))).toEqual({
      status: 400,
      code: 'bad_request',
      field: 'capturedAt',
    });
    expect((await refusal(push({ capturedAtHeader: undefined }))).field).toBe('capturedAt');
    expect((await refusal(push({ capturedAtHeader: undefined, capturedAtQuery: ['a', 'b'] }))).field).toBe(
      'capturedAt',
    );
  });

  it.each([
    ['not a time', 'yesterday'],
    ['a time without its zone', '2026-12-01T12:00:00'],
    ['more than an hour ahead (Kafka would refuse it)', '2026-12-01T04:00:01Z'],
    ['older than the frames are kept', '2026-11-28T02:59:59Z'],
  ])('refuses a capturedAt that is %s, storing nothing', async (_, capturedAt) => {
    expect(await refusal(push({ capturedAtHeader: capturedAt }))).toMatchObject({ status: 400, field: 'capturedAt' });
    expect(await readFrames(log, TOPIC)).toEqual([]);
  });

  it('refuses other bytes for a time it has a frame of (409): a frame is never replaced', async () => {
    await push();
    const other = await sharp({ create: { width: 64, height: 36, channels: 3, background: '#000' } })
      .jpeg()
      .toBuffer();
    expect(await refusal(push({ body: other }))).toEqual({ status: 409, code: 'conflict', field: 'capturedAt' });
    expect(await readFrames(log, TOPIC)).toHaveLength(1);
  });

  it('refuses more pixels than allowed (413) and a picture that is not a whole JPEG (400), storing nothing', async () => {
    const big = await sharp({ create: { width: 641, height: 360, channels: 3, background: '#000' } })
      .jpeg()
      .toBuffer();
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    expect(await refusal(push({ body: big }))).toMatchObject({ status: 413, code: 'too_large' });
    for (const body of [png, jpeg.subarray(0, jpeg.length >> 1), Buffer.from('GIF89a, no JPEG')]) {
      expect(await refusal(push({ body }))).toEqual({ status: 400, code: 'not_a_jpeg', field: '(body)' });
    }
    expect(await refusal(push({ body: Buffer.alloc(200_001, 0xff) }))).toMatchObject({ status: 413 });
    expect(await refusal(push({ contentType: 'image/png', body: png }))).toMatchObject({ status: 415 });
    expect(await blobs.head(frameBlobId('cam-push', capturedMs))).toBeNull();
    expect(await readFrames(log, TOPIC)).toEqual([]);
  });

  it('answers a wrong, missing or other camera’s token, an unknown camera and a camera of another kind alike (401)', async () => {
    const refusals = [
      await refusal(push({ authorization: `Bearer ${token}x` })),
      await refusal(push({ authorization: undefined })),
      await refusal(push({ authorization: token })),
      await refusal(push({ cameraId: 'cam-nope' })),
      await refusal(push({ cameraId: 'cam-safie' })),
    ];
    expect(new Set(refusals.map((r) => JSON.stringify(r)))).toEqual(
      new Set([JSON.stringify({ status: 401, code: 'invalid_token' })]),
    );
    expect(await blobs.head(frameBlobId('cam-push', capturedMs))).toBeNull();
    expect(await readFrames(log, TOPIC)).toEqual([]);
  });

  it('announces a frame it stored but could not announce when it is pushed again (the broker was down: 503)', async () => {
    const down = new FrameIntake(directory, blobs, log, 'no-such-topic', { now: () => new Date(now) });
    expect(
      await refusal(
        down.receive({
          cameraId: 'cam-push',
          authorization: `Bearer ${token}`,
          contentType: 'image/jpeg',
          body: jpeg,
          capturedAtHeader: '2026-12-01T03:00:00.250Z',
          capturedAtQuery: undefined,
        }),
      ),
    ).toMatchObject({ status: 503 });
    expect(await blobs.head(frameBlobId('cam-push', capturedMs))).not.toBeNull();
    expect(await push()).toMatchObject({ duplicate: true });
    expect(await readFrames(log, TOPIC)).toHaveLength(1);
    await push();
    expect(await readFrames(log, TOPIC)).toHaveLength(1);
  });
});
