import { z } from 'zod';
import { Id, Millis, Pixels, Time, TransactionKey, says } from '../schema';
import { JOB_NO_PICTURE_REASONS } from './thumbnail-jobs';

export const THUMBNAIL_FAILURE_REASONS = [
  'corrupt_image',
  'image_too_large',
  'camera_unavailable',
  'camera_refused',
  'not_found',
] as const;
export type ThumbnailFailureReason = (typeof THUMBNAIL_FAILURE_REASONS)[number];

/** Why a transaction has no picture: no link at its time, or what its job said. */
export const NO_PICTURE_REASONS = ['not_linked', ...JOB_NO_PICTURE_REASONS] as const;
export type NoPictureReason = (typeof NO_PICTURE_REASONS)[number];

const transactionKey = TransactionKey.describe('The record key: the latest record of a transaction is kept.');

export const ThumbnailReady = z
  .strictObject({
    type: z.literal('ThumbnailReady'),
    transactionKey,
    ownerId: Id,
    cameraId: Id,
    linkId: Id,
    blobIds: z
      .strictObject({ '1x': Id, '2x': Id })
      .describe('The thumbnail in the blob store, at 1x and at 2x (for high-density screens).'),
    width: Pixels.describe('Of the 1x image.'),
    height: Pixels.describe('Of the 1x image.'),
    frameAt: Time.describe('The camera time of the picture used.'),
    skewMs: Millis.describe('frameAt - targetAt.'),
    createdAt: Time,
  })
  .meta({ id: 'ThumbnailReady', description: 'The thumbnail of a transaction is in the blob store.' });
export type ThumbnailReady = z.infer<typeof ThumbnailReady>;

export const ThumbnailFailed = z
  .strictObject({
    type: z.literal('ThumbnailFailed'),
    transactionKey,
    ownerId: Id,
    cameraId: Id,
    linkId: Id,
    reason: z.enum(THUMBNAIL_FAILURE_REASONS, says(`must be one of ${THUMBNAIL_FAILURE_REASONS.join(', ')}`)),
    detail: z.string(says('must be a string')).describe('What went wrong, for people.'),
    createdAt: Time,
  })
  .meta({ id: 'ThumbnailFailed', description: 'There was a picture, but no thumbnail could be made of it.' });
export type ThumbnailFailed = z.infer<typeof ThumbnailFailed>;

export const NoPicture = z
  .strictObject({
    type: z.literal('NoPicture'),
    transactionKey,
    ownerId: Id.nullable().describe('null when not linked.'),
    cameraId: Id.nullable().describe('null when not linked.'),
    linkId: Id.nullable().describe('null when not linked.'),
    reason: z.enum(NO_PICTURE_REASONS, says(`must be one of ${NO_PICTURE_REASONS.join(', ')}`)),
    createdAt: Time,
  })
  .superRefine((value, ctx) => {
    // A transaction without a link has no owner or camera; one with a link has both.
    const linked = value.reason !== 'not_linked';
    for (const field of ['ownerId', 'cameraId', 'linkId'] as const) {
      if ((value[field] !== null) !== linked) {
        const message = linked ? `must be given when the reason is ${value.reason}` : 'must be null when not linked';
        ctx.addIssue({ code: 'custom', path: [field], message });
      }
    }
  })
  .meta({ id: 'NoPicture', description: 'A transaction has no picture: not linked, or the camera had none.' });
export type NoPicture = z.infer<typeof NoPicture>;

/** The value of regicam.thumbnails.v1. */
export const ThumbnailsValue = z.discriminatedUnion('type', [ThumbnailReady, ThumbnailFailed, NoPicture]);
export type ThumbnailsValue = z.infer<typeof ThumbnailsValue>;
