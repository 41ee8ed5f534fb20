import type { BlobStore } from '@regicam/blob-store';
import type {
  NoPicture,
  ThumbnailFailed,
  ThumbnailFailureReason,
  ThumbnailJob,
  ThumbnailReady,
  ThumbnailsValue,
} from '@regicam/contracts';
import { PictureError, makeThumbnails, oneXFrom2x, type PictureLimits } from './picture/make-thumbnails';
import { fetchRecorded, type CameraSourceLookup, type RecordingRetry } from './recorded-picture';
import { storeThumbnails } from './thumbnail-blobs';

/** What one job needs: the stores, the camera, the clock and the bounds it runs within. */
export type JobContext = {
  blobStore: BlobStore;
  cameraSource: CameraSourceLookup;
  now: () => Date;
  /** How long thumbnails are kept (their blobs expire then). */
  retentionMs: number;
  recordingRetry: RecordingRetry;
  limits: PictureLimits;
  /** Runs a job's work in a work slot (the bound on pictures fetched, made and stored at once). */
  inSlot: <R>(work: () => Promise<R>) => Promise<R>;
  /** Runs sharp's work in a picture slot, inside a work slot (the bound on pictures decoded at once: the CPU). */
  inPictureSlot: <R>(work: () => Promise<R>) => Promise<R>;
  /** Waits between attempts at a recording; ends early once the job is given up. */
  sleep: (ms: number) => Promise<void>;
  abandoned: () => boolean;
  /** Told when a wait for a recording begins (true) and ends (false). */
  waiting?: (waiting: boolean) => void;
};

/**
 * The outcome of a job, its thumbnails stored:
 * 1. `none`: `NoPicture` with the job's reason, dated when the join decided
 *    it (the job's `createdAt`), so a job done again gives the same record.
 * 2. `frame`: the frame from the blob store (gone: `not_found`).
 * 3. `recording`: the camera's recorded picture at `at`, asked again over
 *    the recording window (`fetchRecorded`); a camera with no source:
 *    `not_found`.
 * 4. The thumbnails are made (`makeThumbnails`; a corrupt, truncated or
 *    oversized picture: `corrupt_image` / `image_too_large`) and stored
 *    (`storeThumbnails`): `ThumbnailReady` describes what is stored.
 * Failures of our own stores (the blob store, the camera directory) are
 * thrown: they pass, and the job is tried again; never a `ThumbnailFailed`.
 */
export async function processJob(job: ThumbnailJob, context: JobContext): Promise<ThumbnailsValue> {
  const { picture } = job;
  const failed = (reason: ThumbnailFailureReason, detail: string): ThumbnailFailed => ({
    type: 'ThumbnailFailed',
    transactionKey: job.transactionKey,
    ownerId: job.ownerId,
    cameraId: job.cameraId,
    linkId: job.linkId,
    reason,
    detail,
    createdAt: context.now().toISOString(),
  });
  const made = async (jpeg: Buffer, frameAt: string): Promise<ThumbnailReady | ThumbnailFailed> => {
    try {
      return ready(job, await thumbnailsOf(jpeg, frameAt, job, context));
    } catch (error) {
      if (error instanceof PictureError) return failed(error.reason, error.message);
      throw error;
    }
  };
  switch (picture.kind) {
    // 1. No picture: what the join said.
    case 'none': {
      const none: NoPicture = {
        type: 'NoPicture',
        transactionKey: job.transactionKey,
        ownerId: job.ownerId,
        cameraId: job.cameraId,
        linkId: job.linkId,
        reason: picture.reason,
        createdAt: job.createdAt,
      };
      return none;
    }
    // 2. A frame the camera pushed.
    case 'frame':
      return context.inSlot(async () => {
        const frame = await context.blobStore.getBuffer(picture.blobId);
        if (!frame) return failed('not_found', `the frame ${picture.blobId} is not in the blob store (expired?)`);
        return made(frame.data, picture.capturedAt);
      });
    // 3. The camera's recording at a time.
    case 'recording': {
      const camera = await context.cameraSource(job.cameraId);
      if (!camera) return failed('not_found', `camera ${job.cameraId} has no recording to fetch a picture from`);
      const at = new Date(picture.at);
      const outcome = await fetchRecorded(
        () => camera.source.imageAt(camera.deviceId, at),
        (image) => made(image.jpeg, picture.at),
        { ...context, retry: context.recordingRetry, now: () => context.now().getTime() },
      );
      return outcome.ok ? outcome.value : failed(outcome.reason, outcome.detail);
    }
    default: {
      const unknown: never = picture;
      throw new Error(`unknown picture kind ${JSON.stringify(unknown)}`);
    }
  }
}

/** 4. The thumbnails of a picture, made and stored, expiring after the retention. */
async function thumbnailsOf(jpeg: Buffer, frameAt: string, job: ThumbnailJob, context: JobContext) {
  const thumbnails = await context.inPictureSlot(() => makeThumbnails(jpeg, job.region, context.limits));
  const expiresAt = new Date(context.now().getTime() + context.retentionMs);
  return storeThumbnails(
    context.blobStore,
    thumbnails,
    { transactionKey: job.transactionKey, cameraId: job.cameraId, frameAt, expiresAt },
    oneXFrom2x,
  );
}

function ready(job: ThumbnailJob, stored: Awaited<ReturnType<typeof thumbnailsOf>>): ThumbnailReady {
  return {
    type: 'ThumbnailReady',
    transactionKey: job.transactionKey,
    ownerId: job.ownerId,
    cameraId: job.cameraId,
    linkId: job.linkId,
    blobIds: { '1x': stored.blobIds['1x'], '2x': stored.blobIds['2x'] },
    width: stored.width,
    height: stored.height,
    frameAt: stored.frameAt,
    skewMs: Date.parse(stored.frameAt) - Date.parse(job.targetAt),
    createdAt: stored.createdAt.toISOString(),
  };
}
