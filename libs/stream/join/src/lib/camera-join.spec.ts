import { decodeRecord, encodeRecord, TOPIC, type CameraFramesValue, type Region } from '@regicam/contracts';
import { CameraJoin, type CameraFacts, type CameraJoinSettings } from './camera-join';
import { DEFAULT_JOIN_SETTINGS } from './join-settings';
import {
  cameraConnected,
  cameraDisconnected,
  frameCaptured,
  plus,
  recordingAvailable,
  transaction,
  transactionLinked,
} from '../testing/records';

const CAMERA = 'camera-1';
const SALE = '2026-12-01T03:04:05.000Z';
const SEEN = plus(SALE, 1500);
const GRACE_OUT = plus(SEEN, 10_000);
const SETTINGS: CameraJoinSettings = DEFAULT_JOIN_SETTINGS;
const PUSH: CameraFacts = { clockOffsetMs: 0, recording: false };
const RECORDING: CameraFacts = { clockOffsetMs: 0, recording: true };

type Sale = { id: string; at?: string; seenAt?: string; offset?: string; region?: Region | null; linkId?: string };

/** Given these camera records and sales, when the clock reads `now`, then these pictures. */
function camera(facts: CameraFacts, settings: Partial<CameraJoinSettings> = {}) {
  const join = new CameraJoin(CAMERA, { ...SETTINGS, ...settings });
  const api = {
    join,
    given(...records: CameraFramesValue[]) {
      records.forEach((r) => join.observe(r));
      return api;
    },
    sale(s: Sale) {
      const tx = transaction({ transactionId: s.id, terminalKey: 'smaregi:demo:1', occurredAt: s.at ?? SALE });
      const link = { linkId: s.linkId ?? 'link-1', cameraId: CAMERA, region: s.region ?? null };
      return join.add(transactionLinked(tx, link, s.seenAt ?? SEEN), s.offset ?? '0', facts);
    },
    /** The pictures decided at `now`, by transaction id. */
    at(now: string) {
      return join.due(Date.parse(now)).map((d) => [d.job.transactionKey.split(':')[2], d.job.picture] as const);
    },
  };
  return api;
}

const frame = (at: string, blobId = `frames/${CAMERA}/${at}.jpg`) => ({
  kind: 'frame',
  blobId,
  capturedAt: at,
  width: 1920,
  height: 1080,
});

describe('CameraJoin', () => {
  describe('a push camera with frames around the sale', () => {
    const frames = [plus(SALE, -1500), plus(SALE, 400), plus(SALE, 1900)].map((t) => frameCaptured(CAMERA, t));

    it('waits while the watermark has not passed T + tolerance, then takes the nearest frame at once', () => {
      const c = camera(PUSH).given(...frames);
      c.sale({ id: '1' });
      expect(c.at(plus(SEEN, 1000))).toEqual([]);
      c.given(frameCaptured(CAMERA, plus(SALE, 2500)));
      expect(c.at(plus(SEEN, 1000))).toEqual([['1', frame(plus(SALE, 400))]]);
      expect(c.join.sizes.pending).toBe(0);
    });

    it('takes the best frame within tolerance when the grace runs out before the watermark passes', () => {
      const c = camera(PUSH).given(...frames);
      c.sale({ id: '1' });
      expect(c.at(plus(GRACE_OUT, -1))).toEqual([]);
      expect(c.at(GRACE_OUT)).toEqual([['1', frame(plus(SALE, 400))]]);
    });

    it('gives two registers on the camera each its own link and region', () => {
      const left = { x: 0, y: 0, width: 0.5, height: 1 };
      const right = { x: 0.5, y: 0, width: 0.5, height: 1 };
      const c = camera(PUSH).given(...frames, frameCaptured(CAMERA, plus(SALE, 5000)));
      c.sale({ id: '1', linkId: 'link-left', region: left });
      c.sale({ id: '2', linkId: 'link-right', region: right });
      const jobs = c.join.due(Date.parse(SEEN));
      expect(jobs.map((d) => [d.job.linkId, d.job.region])).toEqual([
        ['link-left', left],
        ['link-right', right],
      ]);
    });
  });

  describe('a push camera whose frame comes late', () => {
    it('uses a frame that arrives 8 s after the sale, within the 10 s grace', () => {
      const c = camera(PUSH);
      c.sale({ id: '1', seenAt: plus(SALE, 500) });
      expect(c.at(plus(SALE, 8000))).toEqual([]);
      c.given(frameCaptured(CAMERA, plus(SALE, 100)));
      expect(c.at(plus(SALE, 8000))).toEqual([]);
      expect(c.at(plus(SALE, 10_500))).toEqual([['1', frame(plus(SALE, 100))]]);
    });
  });

  describe('a push camera without a frame near the sale', () => {
    it('says no_frame once the grace runs out, not before, and never keeps it pending', () => {
      const c = camera(PUSH).given(frameCaptured(CAMERA, plus(SALE, -2500)), frameCaptured(CAMERA, plus(SALE, 3000)));
      c.sale({ id: '1' });
      expect(c.at(plus(GRACE_OUT, -1))).toEqual([]);
      expect(c.at(GRACE_OUT)).toEqual([['1', { kind: 'none', reason: 'no_frame' }]]);
      expect(c.join.sizes.pending).toBe(0);
    });

    it('says camera_dark when a disconnect covers T', () => {
      const c = camera(PUSH).given(cameraDisconnected(CAMERA, plus(SALE, -60_000)));
      c.sale({ id: '1' });
      expect(c.at(GRACE_OUT)).toEqual([['1', { kind: 'none', reason: 'camera_dark' }]]);
    });
  });

  describe('a camera whose clock runs 3 s ahead', () => {
    it('looks for the picture at posAt + 3 s on the camera clock', () => {
      const c = camera({ clockOffsetMs: 3000, recording: false }).given(
        frameCaptured(CAMERA, SALE),
        frameCaptured(CAMERA, plus(SALE, 3100)),
        frameCaptured(CAMERA, plus(SALE, 5500)),
      );
      c.sale({ id: '1' });
      const [decision] = c.join.due(Date.parse(SEEN));
      expect(decision.job).toMatchObject({
        posAt: SALE,
        targetAt: plus(SALE, 3000),
        clockOffsetMs: 3000,
        picture: frame(plus(SALE, 3100)),
      });
    });

    it('on a recording camera, asks for the recording at the sale second on the camera clock', () => {
      const c = camera({ clockOffsetMs: 3000, recording: true });
      c.sale({ id: '1' });
      expect(c.at(plus(SALE, 1999))).toEqual([]);
      expect(c.at(plus(SALE, 2000))).toEqual([['1', { kind: 'recording', at: plus(SALE, 3000) }]]);
    });
  });

  describe('a recording camera', () => {
    it('asks for the recording at T at once once T + tolerance has passed, without a media listing', () => {
      const c = camera(RECORDING).given(cameraConnected(CAMERA, plus(SALE, -3_600_000)));
      c.sale({ id: '1', seenAt: plus(SALE, 100) });
      expect(c.at(plus(SALE, 1999))).toEqual([]);
      expect(c.at(plus(SALE, 2000))).toEqual([['1', { kind: 'recording', at: SALE }]]);
    });

    it('asks for the recording before that when a recorded segment covers T', () => {
      const c = camera(RECORDING).given(recordingAvailable(CAMERA, plus(SALE, -60_000), plus(SALE, 1000)));
      c.sale({ id: '1', seenAt: plus(SALE, 100) });
      expect(c.at(plus(SALE, 500))).toEqual([['1', { kind: 'recording', at: SALE }]]);
    });

    it('says camera_dark when it was disconnected at T, and records again after a reconnect', () => {
      const c = camera(RECORDING).given(
        cameraDisconnected(CAMERA, plus(SALE, -5000)),
        cameraConnected(CAMERA, plus(SALE, 60_000)),
      );
      c.sale({ id: '1' });
      c.sale({ id: '2', at: plus(SALE, 61_000), seenAt: plus(SALE, 62_000) });
      expect(c.at(plus(SALE, 63_000))).toEqual([
        ['1', { kind: 'none', reason: 'camera_dark' }],
        ['2', { kind: 'recording', at: plus(SALE, 61_000) }],
      ]);
    });

    it('says not_recorded when its recording is known to miss T', () => {
      const c = camera(RECORDING).given(
        recordingAvailable(CAMERA, plus(SALE, -60_000), plus(SALE, -1000)),
        recordingAvailable(CAMERA, plus(SALE, 1000), plus(SALE, 60_000)),
      );
      c.sale({ id: '1' });
      expect(c.at(plus(SALE, 2000))).toEqual([['1', { kind: 'none', reason: 'not_recorded' }]]);
    });

    it('gives a transaction hours late the recording at T at once', () => {
      const now = plus(SALE, 3 * 3_600_000);
      const c = camera(RECORDING).given(
        cameraDisconnected(CAMERA, plus(now, -120_000)),
        cameraConnected(CAMERA, plus(now, -60_000)),
      );
      c.sale({ id: '1', seenAt: now });
      expect(c.at(now)).toEqual([['1', { kind: 'recording', at: SALE }]]);
    });
  });

  describe('repeats and bounds', () => {
    it('takes a transaction seen twice once, and gives no second job once decided', () => {
      const c = camera(PUSH);
      expect(c.sale({ id: '1', offset: '4' })).toBe('pending');
      expect(c.sale({ id: '1', offset: '9' })).toBe('repeat');
      const decided = c.join.due(Date.parse(GRACE_OUT));
      expect(decided.map((d) => d.offset)).toEqual(['4']);
      expect(c.sale({ id: '1', offset: '12' })).toBe('repeat');
      expect(c.at(plus(GRACE_OUT, 60_000))).toEqual([]);
    });

    it('decides the oldest at once when more transactions wait than allowed', () => {
      const c = camera(PUSH, { maxPendingPerCamera: 2 });
      ['1', '2', '3'].forEach((id) => c.sale({ id }));
      expect(c.at(SEEN)).toEqual([['1', { kind: 'none', reason: 'no_frame' }]]);
      expect(c.join.sizes.pending).toBe(2);
    });

    it('keeps frames for the buffer window and no more than the cap, and a frame seen twice once', () => {
      const c = camera(PUSH, { bufferWindowMs: 60_000, maxFramesPerCamera: 50 });
      for (let s = 0; s < 120; s++) c.given(frameCaptured(CAMERA, plus(SALE, s * 1000)));
      expect(c.join.sizes.frames).toBe(50);
      const wide = camera(PUSH, { bufferWindowMs: 60_000 });
      for (let s = 0; s < 120; s++) wide.given(frameCaptured(CAMERA, plus(SALE, s * 1000)));
      wide.given(frameCaptured(CAMERA, plus(SALE, 119_000)), frameCaptured(CAMERA, plus(SALE, 100_000)));
      expect(wide.join.sizes.frames).toBe(61);
      // The clock moving on trims what the camera no longer sends.
      wide.at(plus(SALE, 150_000));
      expect(wide.join.sizes.frames).toBe(30);
    });

    it('keeps the last connection event before the window as the state there', () => {
      const c = camera(RECORDING, { bufferWindowMs: 60_000 }).given(
        cameraDisconnected(CAMERA, plus(SALE, -600_000)),
        frameCaptured(CAMERA, plus(SALE, 120_000)),
      );
      expect(c.join.sizes.connectionEvents).toBe(1);
      c.sale({ id: '1', at: plus(SALE, 100_000), seenAt: plus(SALE, 120_000) });
      expect(c.at(plus(SALE, 120_000))).toEqual([['1', { kind: 'none', reason: 'camera_dark' }]]);
    });
  });

  describe('the jobs it makes', () => {
    it('are valid thumbnail jobs: job id = transaction key, T = posAt + offset, the link and region', () => {
      const region = { x: 0.25, y: 0.25, width: 0.5, height: 0.5 };
      const c = camera({ clockOffsetMs: -1500, recording: true });
      c.sale({ id: '25', region, linkId: 'link-9' });
      const now = plus(SALE, 2000);
      expect(c.join.due(Date.parse(now) - 1)).toEqual([]);
      const [{ job }] = c.join.due(Date.parse(now));
      const record = encodeRecord(TOPIC.thumbnailJobs, job);
      expect(record.key).toBe(CAMERA);
      const decoded = decodeRecord(TOPIC.thumbnailJobs, record);
      expect(decoded.ok && decoded.value).toEqual({
        type: 'ThumbnailJob',
        jobId: 'smaregi:demo:25',
        transactionKey: 'smaregi:demo:25',
        ownerId: 'owner-1',
        cameraId: CAMERA,
        linkId: 'link-9',
        terminalKey: 'smaregi:demo:1',
        posAt: SALE,
        targetAt: plus(SALE, -1500),
        clockOffsetMs: -1500,
        region,
        picture: { kind: 'recording', at: plus(SALE, -1500) },
        createdAt: now,
      });
    });
  });
});
