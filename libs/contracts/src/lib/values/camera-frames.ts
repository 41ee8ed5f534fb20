import { z } from 'zod';
import { Id, Pixels, Time } from '../schema';

const cameraId = Id.describe("The camera's id in RegiCam; the record key.");

export const FrameCapturedRecord = z
  .strictObject({
    type: z.literal('FrameCaptured'),
    cameraId,
    capturedAt: Time.describe("When the picture was taken, on the camera's clock; the record timestamp."),
    receivedAt: Time.describe('When RegiCam received it.'),
    blobId: Id.describe('Where the picture is in the blob store.'),
    width: Pixels,
    height: Pixels,
  })
  .meta({ id: 'FrameCaptured', description: 'A picture a camera took, stored in the blob store.' });
export type FrameCapturedRecord = z.infer<typeof FrameCapturedRecord>;

export const RecordingAvailableRecord = z
  .strictObject({
    type: z.literal('RecordingAvailable'),
    cameraId,
    from: Time.describe("Start of the recorded segment, camera's clock."),
    to: Time.describe("End of the recorded segment, camera's clock; the record timestamp."),
  })
  .superRefine((value, ctx) => {
    if (Date.parse(value.to) < Date.parse(value.from)) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    }
  })
  .meta({
    id: 'RecordingAvailable',
    description: 'The camera holds a recording of [from, to]: its picture at any time in it can be fetched.',
  });
export type RecordingAvailableRecord = z.infer<typeof RecordingAvailableRecord>;

const at = Time.describe("When, on the camera's clock; the record timestamp.");

export const CameraConnectedRecord = z
  .strictObject({ type: z.literal('CameraConnected'), cameraId, at })
  .meta({ id: 'CameraConnected', description: 'The camera is reachable (it takes or records pictures) from `at` on.' });
export type CameraConnectedRecord = z.infer<typeof CameraConnectedRecord>;

export const CameraDisconnectedRecord = z
  .strictObject({ type: z.literal('CameraDisconnected'), cameraId, at })
  .meta({ id: 'CameraDisconnected', description: 'The camera is unreachable (dark) from `at` on.' });
export type CameraDisconnectedRecord = z.infer<typeof CameraDisconnectedRecord>;

/** The value of regicam.camera-frames.v1. */
export const CameraFramesValue = z.discriminatedUnion('type', [
  FrameCapturedRecord,
  RecordingAvailableRecord,
  CameraConnectedRecord,
  CameraDisconnectedRecord,
]);
export type CameraFramesValue = z.infer<typeof CameraFramesValue>;

/** The camera time a record stands for (capturedAt, to, at): its timestamp and part of its record id. */
export function cameraTimeOf(value: CameraFramesValue): string {
  switch (value.type) {
    case 'FrameCaptured':
      return value.capturedAt;
    case 'RecordingAvailable':
      return value.to;
    case 'CameraConnected':
    case 'CameraDisconnected':
      return value.at;
    default: {
      const unknown: never = value;
      return unknown;
    }
  }
}
