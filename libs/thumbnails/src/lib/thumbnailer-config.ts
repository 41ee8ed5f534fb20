import { parseEnvironment } from '@regicam/util';
import { z } from 'zod';
import { DEFAULT_RECORDING_RETRY } from './recorded-picture';
import { DEFAULT_THUMBNAILER_SETTINGS, type ThumbnailerSettings } from './thumbnailer-role';

const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const ThumbnailerEnv = z.object({
  /** How long thumbnails are kept, in days, whatever the camera keeps of its video. */
  THUMBNAIL_RETENTION_DAYS: count(1, 36_500).default(400),
  /** How long a recorded picture the camera has not uploaded yet (or answers 429 / 5xx for) is asked for again. */
  THUMBNAIL_RECORDING_WINDOW_MS: count(0, 24 * 3_600_000).default(DEFAULT_RECORDING_RETRY.windowMs),
  /** Pictures decoded and resized at once (default: four per core; docs/thumbnails.md says why). */
  THUMBNAIL_CONCURRENCY: count(1, 64).optional(),
  /** Jobs fetching their picture or storing thumbnails at once (default: twice THUMBNAIL_CONCURRENCY). */
  THUMBNAIL_IO_CONCURRENCY: count(1, 256).optional(),
  /** Jobs in hand before the thumbnailer stops fetching more. */
  THUMBNAIL_MAX_PENDING: count(1, 10_000).default(64),
  /** How often expired blobs (frames and thumbnails) are deleted. */
  BLOB_SWEEP_INTERVAL_MS: count(1_000, 7 * 86_400_000).default(600_000),
});

/** The thumbnailer's settings a process takes from its environment. */
export type ThumbnailerConfig = Pick<
  ThumbnailerSettings,
  'retentionMs' | 'recordingRetry' | 'concurrency' | 'ioConcurrency' | 'maxPending' | 'sweepIntervalMs'
>;

/** Reads the thumbnailer's settings; a wrong value stops the process with a message naming the variable. */
export function loadThumbnailerConfig(env: NodeJS.ProcessEnv): ThumbnailerConfig {
  const e = parseEnvironment(ThumbnailerEnv, env);
  const concurrency = e.THUMBNAIL_CONCURRENCY ?? DEFAULT_THUMBNAILER_SETTINGS.concurrency;
  return {
    retentionMs: e.THUMBNAIL_RETENTION_DAYS * 86_400_000,
    recordingRetry: { ...DEFAULT_RECORDING_RETRY, windowMs: e.THUMBNAIL_RECORDING_WINDOW_MS },
    concurrency,
    ioConcurrency: e.THUMBNAIL_IO_CONCURRENCY ?? 2 * concurrency,
    maxPending: e.THUMBNAIL_MAX_PENDING,
    sweepIntervalMs: e.BLOB_SWEEP_INTERVAL_MS,
  };
}
