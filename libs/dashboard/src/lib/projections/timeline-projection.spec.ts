import type { CameraFramesValue } from '@regicam/contracts';
import type { ReadDocument, Write } from '@regicam/read-store';
import {
  CAMERA_FRAMES,
  CAMERA_TIMELINE,
  FRAME_COVER_MS,
  hourId,
  minuteId,
  timelineProjection,
  type CameraHour,
  type CameraMinuteFrames,
} from './timeline-projection';

const CAMERA = 'cam-a';
const HOUR_MS = 3_600_000;
const ms = (iso: string) => Date.parse(iso);
const frame = (capturedAt: string, blobId = `frames/${capturedAt}.jpg`): CameraFramesValue => ({
  type: 'FrameCaptured',
  cameraId: CAMERA,
  capturedAt,
  receivedAt: capturedAt,
  blobId,
  width: 1280,
  height: 720,
});

/** The projection over an in-memory store: each record's writes are applied before the next is projected. */
function projected() {
  const docs = new Map<string, ReadDocument>();
  const projection = timelineProjection();
  let offset = 0n;
  return {
    async apply(value: CameraFramesValue): Promise<Write[]> {
      const writes = await projection.project(
        { value, partition: 0, offset: offset++, timestamp: 0 },
        async <T extends ReadDocument>(collection: string, id: string) =>
          (docs.get(`${collection}/${id}`) as T | undefined) ?? null,
      );
      for (const w of writes) {
        if (w.op === 'upsert') docs.set(`${w.collection}/${w.doc.id}`, w.doc);
        else docs.delete(`${w.collection}/${w.id}`);
      }
      return writes;
    },
    hour: (hourIso: string) => docs.get(`${CAMERA_TIMELINE}/${hourId(CAMERA, ms(hourIso))}`) as CameraHour | undefined,
    minute: (minuteIso: string) =>
      docs.get(`${CAMERA_FRAMES}/${minuteId(CAMERA, ms(minuteIso))}`) as CameraMinuteFrames | undefined,
  };
}

describe('the camera timeline projection (regicam.camera-frames.v1 → camera_timeline, camera_frames)', () => {
  it('keeps a pushed frame in its minute and covers its hour ± the frame tolerance', async () => {
    const p = projected();
    await p.apply(frame('2026-12-01T03:04:06.400Z', 'frames/a.jpg'));
    expect(p.minute('2026-12-01T03:04:00.000Z')).toMatchObject({
      cameraId: CAMERA,
      minute: '2026-12-01T03:04:00.000Z',
      frames: [{ at: ms('2026-12-01T03:04:06.400Z'), blobId: 'frames/a.jpg', width: 1280, height: 720 }],
    });
    const at = ms('2026-12-01T03:04:06.400Z');
    expect(p.hour('2026-12-01T03:00:00.000Z')).toMatchObject({
      hour: '2026-12-01T03:00:00.000Z',
      frames: [{ from: at - FRAME_COVER_MS, to: at + FRAME_COVER_MS }],
      recorded: [],
      connection: [],
      lastConnection: null,
    });
  });

  it('writes nothing for a frame applied again (a record redelivered after a crash)', async () => {
    const p = projected();
    expect(await p.apply(frame('2026-12-01T03:04:06.400Z'))).toHaveLength(2);
    expect(await p.apply(frame('2026-12-01T03:04:06.400Z'))).toEqual([]);
    expect(p.minute('2026-12-01T03:04:00.000Z')?.frames).toHaveLength(1);
  });

  it('joins the spans of frames close together, keeps the frames of a minute in time order, and leaves a gap open', async () => {
    const p = projected();
    await p.apply(frame('2026-12-01T03:04:08.000Z'));
    await p.apply(frame('2026-12-01T03:04:06.000Z'));
    await p.apply(frame('2026-12-01T03:04:30.000Z'));
    expect(p.minute('2026-12-01T03:04:00.000Z')?.frames.map((f) => new Date(f.at).toISOString())).toEqual([
      '2026-12-01T03:04:06.000Z',
      '2026-12-01T03:04:08.000Z',
      '2026-12-01T03:04:30.000Z',
    ]);
    expect(p.hour('2026-12-01T03:00:00.000Z')?.frames).toEqual([
      { from: ms('2026-12-01T03:04:04.000Z'), to: ms('2026-12-01T03:04:10.000Z') },
      { from: ms('2026-12-01T03:04:28.000Z'), to: ms('2026-12-01T03:04:32.000Z') },
    ]);
  });

  it('cuts a recording that crosses hours into each hour it covers', async () => {
    const p = projected();
    await p.apply({
      type: 'RecordingAvailable',
      cameraId: CAMERA,
      from: '2026-12-01T03:50:00.000Z',
      to: '2026-12-01T05:10:00.000Z',
    });
    expect(p.hour('2026-12-01T03:00:00.000Z')?.recorded).toEqual([
      { from: ms('2026-12-01T03:50:00.000Z'), to: ms('2026-12-01T04:00:00.000Z') },
    ]);
    expect(p.hour('2026-12-01T04:00:00.000Z')?.recorded).toEqual([
      { from: ms('2026-12-01T04:00:00.000Z'), to: ms('2026-12-01T04:00:00.000Z') + HOUR_MS },
    ]);
    expect(p.hour('2026-12-01T05:00:00.000Z')?.recorded).toEqual([
      { from: ms('2026-12-01T05:00:00.000Z'), to: ms('2026-12-01T05:10:00.000Z') },
    ]);
    expect(p.hour('2026-12-01T06:00:00.000Z')).toBeUndefined();
    // The same part again, and one inside it, change nothing.
    expect(
      await p.apply({
        type: 'RecordingAvailable',
        cameraId: CAMERA,
        from: '2026-12-01T04:10:00.000Z',
        to: '2026-12-01T04:20:00.000Z',
      }),
    ).toEqual([]);
  });

  it('keeps connection events in time order, once each, with the last one of the hour', async () => {
    const p = projected();
    await p.apply({ type: 'CameraDisconnected', cameraId: CAMERA, at: '2026-12-01T03:30:00.000Z' });
    await p.apply({ type: 'CameraConnected', cameraId: CAMERA, at: '2026-12-01T03:10:00.000Z' });
    expect(await p.apply({ type: 'CameraConnected', cameraId: CAMERA, at: '2026-12-01T03:10:00.000Z' })).toEqual([]);
    const hour = p.hour('2026-12-01T03:00:00.000Z');
    expect(hour?.connection).toEqual([
      { at: ms('2026-12-01T03:10:00.000Z'), event: 'connect' },
      { at: ms('2026-12-01T03:30:00.000Z'), event: 'disconnect' },
    ]);
    expect(hour?.lastConnection).toBe('disconnect');
    expect(hour?.version).toBe(2);
  });
});
