import { TOPIC, type CameraFramesValue } from '@regicam/contracts';
import type { Lookup } from '@regicam/event-sourcing';
import type { IndexSpec, ReadDocument, Write } from '@regicam/read-store';
import { addSpan, type Span } from '../camera/intervals';
import type { TopicProjection } from './topic-projector';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** A pushed frame serves a sale this far either side of it (the join's default tolerance). */
export const FRAME_COVER_MS = 2_000;

/**
 * What one camera holds over one hour of its clock (`camera_timeline`, id
 * `<cameraId>:<hour>`), from `regicam.camera-frames.v1`: the recorded parts
 * (RecordingAvailable), the spans its pushed frames cover, and its connect
 * and disconnect events. Times are milliseconds on the camera's clock. A
 * projection of the frames topic, which keeps 3 days: what is older stays
 * here (for the timeline) until `TIMELINE_KEEP_MS`; replay cannot rebuild it.
 */
export type CameraHour = ReadDocument & {
  cameraId: string;
  hour: string;
  recorded: StoredSpan[];
  frames: StoredSpan[];
  connection: ConnectionEvent[];
  /** The hour's last connection event, to know the state at the start of a later hour. */
  lastConnection: 'connect' | 'disconnect' | null;
};

/** A push camera's frames of one minute of its clock (`camera_frames`): time, blob id, width, height. */
export type CameraMinuteFrames = ReadDocument & {
  cameraId: string;
  minute: string;
  frames: StoredFrame[];
};

/*
 * Stored as objects, never as arrays in arrays: MongoDB-compatible stores
 * such as FerretDB refuse nested arrays.
 */
export type StoredSpan = { from: number; to: number };
export type ConnectionEvent = { at: number; event: 'connect' | 'disconnect' };
export type StoredFrame = { at: number; blobId: string; width: number; height: number };

export const spansOf = (stored: readonly StoredSpan[]): Span[] => stored.map((s) => [s.from, s.to]);
const storedSpans = (spans: readonly Span[]): StoredSpan[] => spans.map(([from, to]) => ({ from, to }));

export const CAMERA_TIMELINE = 'camera_timeline';
export const CAMERA_FRAMES = 'camera_frames';
export const TIMELINE_KEEP_MS = 31 * 24 * HOUR;
/** As long as the frames themselves are kept (the frames topic's retention). */
export const FRAMES_KEEP_MS = 3 * 24 * HOUR;

const iso = (ms: number) => new Date(ms).toISOString();
export const hourStart = (ms: number) => Math.floor(ms / HOUR) * HOUR;
export const minuteStart = (ms: number) => Math.floor(ms / MINUTE) * MINUTE;
export const hourId = (cameraId: string, hourMs: number) => `${cameraId}:${iso(hourMs)}`;
export const minuteId = (cameraId: string, minuteMs: number) => `${cameraId}:${iso(minuteMs)}`;

export const TIMELINE_INDEXES: IndexSpec[] = [
  {
    fields: [
      ['cameraId', 1],
      ['hour', -1],
      ['id', -1],
    ],
  },
  { fields: [['hour', 1]] },
];
export const FRAME_INDEXES: IndexSpec[] = [
  {
    fields: [
      ['cameraId', 1],
      ['minute', -1],
      ['id', -1],
    ],
  },
  { fields: [['minute', 1]] },
];

function emptyHour(cameraId: string, hourMs: number): CameraHour {
  return {
    id: hourId(cameraId, hourMs),
    version: 0,
    cameraId,
    hour: iso(hourMs),
    recorded: [],
    frames: [],
    connection: [],
    lastConnection: null,
  };
}

/** The hour after one change, or null when the change adds nothing (a record applied again). */
function changeHour(
  hour: CameraHour,
  change: { recorded?: Span; frames?: Span; event?: ConnectionEvent },
): CameraHour | null {
  const recorded = change.recorded ? addSpan(spansOf(hour.recorded), change.recorded) : null;
  const frames = change.frames ? addSpan(spansOf(hour.frames), change.frames) : null;
  const e = change.event;
  const connection =
    e && !hour.connection.some((c) => c.at === e.at && c.event === e.event)
      ? [...hour.connection, e].sort((a, b) => a.at - b.at || (a.event < b.event ? -1 : 1))
      : null;
  if (!recorded && !frames && !connection) return null;
  const nextConnection = connection ?? hour.connection;
  return {
    ...hour,
    version: hour.version + 1,
    recorded: recorded ? storedSpans(recorded) : hour.recorded,
    frames: frames ? storedSpans(frames) : hour.frames,
    connection: nextConnection,
    lastConnection: nextConnection.at(-1)?.event ?? null,
  };
}

async function hourWrite(
  lookup: Lookup,
  cameraId: string,
  hourMs: number,
  change: Parameters<typeof changeHour>[1],
): Promise<Write[]> {
  const current = (await lookup<CameraHour>(CAMERA_TIMELINE, hourId(cameraId, hourMs))) ?? emptyHour(cameraId, hourMs);
  const next = changeHour(current, change);
  return next ? [{ collection: CAMERA_TIMELINE, op: 'upsert', doc: next }] : [];
}

/**
 * Each camera's timeline (recorded, covered by frames, connected or dark)
 * by the hour, and a push camera's frames by the minute, for the camera
 * view: its timeline and its picture at a time. Every change is a set
 * operation (a union of spans, an event added once), so a record applied
 * twice changes nothing.
 */
export function timelineProjection(): TopicProjection<typeof TOPIC.cameraFrames> {
  return {
    name: CAMERA_TIMELINE,
    contract: TOPIC.cameraFrames,
    collections: [
      { name: CAMERA_TIMELINE, indexes: { indexes: TIMELINE_INDEXES } },
      { name: CAMERA_FRAMES, indexes: { indexes: FRAME_INDEXES } },
    ],
    retention: [
      { collection: CAMERA_TIMELINE, field: 'hour', keepMs: TIMELINE_KEEP_MS },
      { collection: CAMERA_FRAMES, field: 'minute', keepMs: FRAMES_KEEP_MS },
    ],
    project: (record, lookup) => projectFrames(record.value, lookup),
  };
}

async function projectFrames(value: CameraFramesValue, lookup: Lookup): Promise<Write[]> {
  const cameraId = value.cameraId;
  switch (value.type) {
    case 'FrameCaptured': {
      const t = Date.parse(value.capturedAt);
      const writes: Write[] = [];
      const id = minuteId(cameraId, minuteStart(t));
      const minute = await lookup<CameraMinuteFrames>(CAMERA_FRAMES, id);
      if (!minute?.frames.some((f) => f.at === t)) {
        const frames = [
          ...(minute?.frames ?? []),
          { at: t, blobId: value.blobId, width: value.width, height: value.height },
        ];
        frames.sort((a, b) => a.at - b.at);
        const doc: CameraMinuteFrames = {
          id,
          version: (minute?.version ?? 0) + 1,
          cameraId,
          minute: iso(minuteStart(t)),
          frames,
        };
        writes.push({ collection: CAMERA_FRAMES, op: 'upsert', doc });
      }
      writes.push(
        ...(await hourWrite(lookup, cameraId, hourStart(t), { frames: [t - FRAME_COVER_MS, t + FRAME_COVER_MS] })),
      );
      return writes;
    }
    case 'RecordingAvailable': {
      const from = Date.parse(value.from);
      const to = Date.parse(value.to);
      const writes: Write[] = [];
      for (let h = hourStart(from); h < to; h += HOUR) {
        writes.push(
          ...(await hourWrite(lookup, cameraId, h, { recorded: [Math.max(from, h), Math.min(to, h + HOUR)] })),
        );
      }
      return writes;
    }
    case 'CameraConnected':
    case 'CameraDisconnected': {
      const at = Date.parse(value.at);
      const event = value.type === 'CameraConnected' ? 'connect' : 'disconnect';
      return hourWrite(lookup, cameraId, hourStart(at), { event: { at, event } });
    }
    default: {
      const unknown: never = value;
      throw new Error(`unknown camera frames record ${JSON.stringify(unknown)}`);
    }
  }
}
