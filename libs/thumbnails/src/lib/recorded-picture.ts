import {
  CameraSourceError,
  CameraSourceNotFoundError,
  CameraSourceRefusedError,
  CameraSourceRequestError,
  CameraSourceUnavailableError,
  type CameraImage,
  type CameraSource,
} from '@regicam/cameras/source';

/**
 * The camera of a job, as the composition knows it: the camera source of
 * its account and its device there, or null for a camera with no recording
 * to fetch from (unknown, a push camera, no source set).
 */
export type CameraSourceLookup = (cameraId: string) => Promise<{ source: CameraSource; deviceId: string } | null>;

/** How long a recorded picture is asked for again while the camera has not uploaded it or is busy. */
export type RecordingRetry = {
  /** How long after the first attempt the last may start (default 2 minutes). */
  windowMs: number;
  /** The pause after the first failed attempt, doubled after each (default 2 s) … */
  firstDelayMs: number;
  /** … up to this (default 15 s). A Retry-After of the camera service is waited for at least. */
  maxDelayMs: number;
};

export const DEFAULT_RECORDING_RETRY: RecordingRetry = { windowMs: 120_000, firstDelayMs: 2_000, maxDelayMs: 15_000 };

type CameraFailure = 'not_found' | 'camera_unavailable' | 'camera_refused';

/** What a camera's answer means for the job: ask again later, or fail with this reason. */
export type CameraVerdict = { retry: boolean; reason: CameraFailure; detail: string; retryAfterMs?: number };

/**
 * The camera source's errors in the job's words:
 * - 401 / 403 (`CameraSourceRefusedError`): `camera_refused`, at once (the
 *   owner must act; asking again changes nothing);
 * - 404 of the image: not uploaded yet, ask again; `not_found` once the
 *   window has passed; 404 of the device: `not_found` at once;
 * - 429, 5xx, timeouts, network faults, malformed answers (after the
 *   source's own retries): ask again; `camera_unavailable` at the end;
 * - a range "too recent": ask again; any other broken rule:
 *   `camera_unavailable` at once;
 * - anything else thrown by a source (it should throw only its port's
 *   errors): taken as unavailable, asked again.
 */
export function judgeCameraError(error: unknown): CameraVerdict {
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof CameraSourceRefusedError) return { retry: false, reason: 'camera_refused', detail };
  if (error instanceof CameraSourceNotFoundError)
    return { retry: error.reason === 'image', reason: 'not_found', detail };
  if (error instanceof CameraSourceUnavailableError) {
    return { retry: true, reason: 'camera_unavailable', detail, retryAfterMs: error.retryAfterMs };
  }
  if (error instanceof CameraSourceRequestError) {
    return { retry: error.reason === 'too-recent', reason: 'camera_unavailable', detail };
  }
  const named = error instanceof CameraSourceError ? detail : `the camera source failed: ${detail}`;
  return { retry: true, reason: 'camera_unavailable', detail: named };
}

export type RecordedOutcome<T> = { ok: true; value: T } | { ok: false; reason: CameraFailure; detail: string };

export type RecordedOptions = {
  retry: RecordingRetry;
  now: () => number;
  /** Waits between attempts; rejects (or resolves early, and `abandoned()` says so) when the job is given up. */
  sleep: (ms: number) => Promise<void>;
  /** True once the job is given up (a stop, a lost partition): no further attempt. */
  abandoned: () => boolean;
  /** Runs one attempt in a work slot (the bound on concurrent work); the wait between attempts holds none. */
  inSlot: <R>(work: () => Promise<R>) => Promise<R>;
  /** Called with true when a wait between attempts begins and false when it ends (for the report). */
  waiting?: (waiting: boolean) => void;
};

/** Thrown when a job is given up between attempts. */
export class JobAbandoned extends Error {
  constructor() {
    super('the job was given up (stop or lost partition)');
    this.name = 'JobAbandoned';
  }
}

/**
 * The recorded picture at a camera time, used by `use` in the same work
 * slot once the camera gives it.
 * 1. Each attempt asks the camera; an answer is passed to `use`, whose
 *    result (or error) is the outcome: a picture's own faults are not the
 *    camera's.
 * 2. A refusal is judged (`judgeCameraError`): a final one ends the job
 *    with its reason at once; a passing one (not uploaded yet, busy) is
 *    asked again after a doubling pause, at least the service's
 *    Retry-After, while the next attempt would start within the window.
 * 3. After the window, the last refusal's reason ends the job, its detail
 *    saying how many attempts were made over how long.
 */
export async function fetchRecorded<T>(
  imageAt: () => Promise<CameraImage>,
  use: (image: CameraImage) => Promise<T>,
  options: RecordedOptions,
): Promise<RecordedOutcome<T>> {
  const { retry, now } = options;
  const started = now();
  for (let attempt = 1; ; attempt++) {
    if (options.abandoned()) throw new JobAbandoned();
    const answer = await options.inSlot(async (): Promise<{ value: T } | { verdict: CameraVerdict }> => {
      let image: CameraImage;
      try {
        image = await imageAt();
      } catch (error) {
        return { verdict: judgeCameraError(error) };
      }
      return { value: await use(image) };
    });
    if ('value' in answer) return { ok: true, value: answer.value };
    const { verdict } = answer;
    if (!verdict.retry) return { ok: false, reason: verdict.reason, detail: verdict.detail };
    const pause = Math.max(
      verdict.retryAfterMs ?? 0,
      Math.min(retry.maxDelayMs, retry.firstDelayMs * 2 ** (attempt - 1)),
    );
    const elapsed = now() - started;
    if (elapsed + pause > retry.windowMs) {
      const over = `${attempt} attempt${attempt === 1 ? '' : 's'} over ${Math.round(elapsed / 1000)} s`;
      return { ok: false, reason: verdict.reason, detail: `${verdict.detail} (${over})` };
    }
    options.waiting?.(true);
    try {
      await options.sleep(pause);
    } finally {
      options.waiting?.(false);
    }
  }
}
