import { z } from 'zod';
import { Id, Millis, Pixels, TerminalKey, Time, TransactionKey, says } from '../schema';
import { Region } from './region';

/** Why a job has no picture to make a thumbnail of. */
export const JOB_NO_PICTURE_REASONS = ['camera_dark', 'not_recorded', 'no_frame'] as const;
export type JobNoPictureReason = (typeof JOB_NO_PICTURE_REASONS)[number];

/** Where the thumbnailer takes the picture from. */
export const JobPicture = z
  .discriminatedUnion('kind', [
    z
      .strictObject({
        kind: z.literal('frame'),
        blobId: Id.describe('The frame in the blob store.'),
        capturedAt: Time,
        width: Pixels,
        height: Pixels,
      })
      .describe('A frame the camera pushed, nearest to targetAt.'),
    z
      .strictObject({ kind: z.literal('recording'), at: Time })
      .describe("Fetch the camera's recorded picture at `at` (retried a bounded number of times)."),
    z
      .strictObject({
        kind: z.literal('none'),
        reason: z.enum(JOB_NO_PICTURE_REASONS, says(`must be one of ${JOB_NO_PICTURE_REASONS.join(', ')}`)),
      })
      .describe('No picture: the camera was dark, did not record, or pushed no frame within the tolerance.'),
  ])
  .meta({ id: 'JobPicture', description: 'The frame, the recording at a time, or why there is no picture.' });
export type JobPicture = z.infer<typeof JobPicture>;

export const ThumbnailJob = z
  .strictObject({
    type: z.literal('ThumbnailJob'),
    jobId: TransactionKey.describe('The transaction key: a job made again changes nothing downstream.'),
    transactionKey: TransactionKey,
    ownerId: Id,
    cameraId: Id.describe('The record key.'),
    linkId: Id,
    terminalKey: TerminalKey,
    posAt: Time.describe("The transaction's occurredAt (register clock)."),
    targetAt: Time.describe("posAt + clockOffsetMs: the moment on the camera's clock."),
    clockOffsetMs: Millis.describe("The camera's clock offset from the register's."),
    region: Region.nullable().describe('The part of the picture to cut out; null: the whole picture.'),
    picture: JobPicture,
    createdAt: Time,
  })
  .superRefine((job, ctx) => {
    if (job.jobId !== job.transactionKey) {
      ctx.addIssue({ code: 'custom', path: ['jobId'], message: `must be the transaction key ${job.transactionKey}` });
    }
    const target = Date.parse(job.posAt) + job.clockOffsetMs;
    if (Date.parse(job.targetAt) !== target) {
      const expected = new Date(target).toISOString();
      ctx.addIssue({ code: 'custom', path: ['targetAt'], message: `must be posAt + clockOffsetMs (${expected})` });
    }
  })
  .meta({ id: 'ThumbnailJob', description: "Make the thumbnail of a transaction from the camera's picture." });
export type ThumbnailJob = z.infer<typeof ThumbnailJob>;

/** The value of regicam.thumbnail-jobs.v1. */
export const ThumbnailJobsValue = z.discriminatedUnion('type', [ThumbnailJob]);
export type ThumbnailJobsValue = z.infer<typeof ThumbnailJobsValue>;
