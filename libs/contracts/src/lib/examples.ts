import { TOPIC, type TopicName, type TopicValue } from './topics';
import type { TransactionReceivedRecord } from './values/transactions';

/**
 * One valid value of every type of every topic (and of every kind of job
 * picture), telling one story: terminal 1 of the Smaregi contract `demo`
 * is linked to a camera, and transaction 25 rings up on it. They are the
 * examples of the AsyncAPI document and valid test data for producers and
 * consumers.
 */

const cameraId = '5f0c6b1e-8d5a-4a8e-9f3b-2a7d1c9e4b60';
const link = { linkId: 'b1d0c7e2-3f4a-4b5c-8d6e-7f8091a2b3c4', ownerId: 'owner-7f3a', cameraId };
const register = { provider: 'smaregi', contractId: 'demo', terminalId: '1', terminalKey: 'smaregi:demo:1' } as const;

const transaction: TransactionReceivedRecord = {
  type: 'TransactionReceived',
  eventId: '0c2d4e6f-8a9b-4c1d-9e2f-3a4b5c6d7e8f',
  transactionKey: 'smaregi:demo:25',
  terminalKey: 'smaregi:demo:1',
  transactionId: '25',
  provider: 'smaregi',
  contractId: 'demo',
  storeId: '1',
  terminalId: '1',
  receiptNo: '0025',
  kind: 'payment',
  occurredAt: '2026-12-01T03:04:05.000Z',
  receivedAt: '2026-12-01T03:04:06.120Z',
  total: 1280,
  deposit: 2000,
  change: 720,
  currency: 'JPY',
  staff: { id: '3', name: '佐藤' },
  refersTo: null,
  actor: 'system:smaregi-poller',
};

const job = {
  type: 'ThumbnailJob',
  jobId: 'smaregi:demo:25',
  transactionKey: 'smaregi:demo:25',
  ...link,
  terminalKey: 'smaregi:demo:1',
  posAt: '2026-12-01T03:04:05.000Z',
  targetAt: '2026-12-01T03:04:06.500Z',
  clockOffsetMs: 1500,
  region: { x: 0.5, y: 0.25, width: 0.5, height: 0.75 },
  createdAt: '2026-12-01T03:04:09.010Z',
} as const;

export const EXAMPLES: { [N in TopicName]: readonly TopicValue<N>[] } = {
  [TOPIC.links]: [
    {
      type: 'LinkCreated',
      eventId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
      ...link,
      ...register,
      region: { x: 0.5, y: 0.25, width: 0.5, height: 0.75 },
      actor: 'owner-7f3a',
      at: '2026-11-30T09:00:00.000Z',
    },
    {
      type: 'LinkRemoved',
      eventId: '1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9',
      ...link,
      ...register,
      reason: 'relinked to camera 0e1d2c3b-4a59-4867-9a5b-6c7d8e9f0a1b',
      actor: 'owner-7f3a',
      at: '2026-12-02T00:30:00.000Z',
    },
  ],
  [TOPIC.transactions]: [transaction],
  [TOPIC.cameraFrames]: [
    {
      type: 'FrameCaptured',
      cameraId,
      capturedAt: '2026-12-01T03:04:06.400Z',
      receivedAt: '2026-12-01T03:04:06.650Z',
      blobId: 'frames/5f0c6b1e/20261201T030406400Z.jpg',
      width: 1920,
      height: 1080,
    },
    { type: 'RecordingAvailable', cameraId, from: '2026-12-01T03:00:00.000Z', to: '2026-12-01T03:05:00.000Z' },
    { type: 'CameraConnected', cameraId, at: '2026-12-01T00:00:02.000Z' },
    { type: 'CameraDisconnected', cameraId, at: '2026-12-01T12:00:00.000Z' },
  ],
  [TOPIC.joinByCamera]: [
    {
      type: 'TransactionLinked',
      transaction,
      link: { ...link, region: { x: 0.5, y: 0.25, width: 0.5, height: 0.75 } },
      seenAt: '2026-12-01T03:04:06.300Z',
    },
  ],
  [TOPIC.thumbnailJobs]: [
    {
      ...job,
      picture: {
        kind: 'frame',
        blobId: 'frames/5f0c6b1e/20261201T030406400Z.jpg',
        capturedAt: '2026-12-01T03:04:06.400Z',
        width: 1920,
        height: 1080,
      },
    },
    { ...job, picture: { kind: 'recording', at: '2026-12-01T03:04:06.500Z' } },
    { ...job, region: null, picture: { kind: 'none', reason: 'camera_dark' } },
  ],
  [TOPIC.thumbnails]: [
    {
      type: 'ThumbnailReady',
      transactionKey: 'smaregi:demo:25',
      ...link,
      blobIds: { '1x': 'thumbnails/smaregi:demo:25@1x.jpg', '2x': 'thumbnails/smaregi:demo:25@2x.jpg' },
      width: 320,
      height: 240,
      frameAt: '2026-12-01T03:04:06.400Z',
      skewMs: -100,
      createdAt: '2026-12-01T03:04:09.420Z',
    },
    {
      type: 'ThumbnailFailed',
      transactionKey: 'smaregi:demo:25',
      ...link,
      reason: 'camera_unavailable',
      detail: 'the camera answered 503 three times',
      createdAt: '2026-12-01T03:04:39.000Z',
    },
    {
      type: 'NoPicture',
      transactionKey: 'smaregi:demo:26',
      ownerId: null,
      cameraId: null,
      linkId: null,
      reason: 'not_linked',
      createdAt: '2026-12-01T03:05:00.000Z',
    },
  ],
};
