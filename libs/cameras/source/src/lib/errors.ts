/**
 * What a camera source throws, and nothing else: never a raw fetch error,
 * never a message or field carrying the API key or token. Each class has a
 * `reason` the caller acts on.
 */
export abstract class CameraSourceError extends Error {
  abstract readonly reason: string;
}

/**
 * The camera service refused our credentials (401: `credentials`) or this
 * device to them (403: `permission`). Not retried: the owner must act, and
 * the camera is shown as needing attention.
 */
export class CameraSourceRefusedError extends CameraSourceError {
  constructor(
    readonly reason: 'credentials' | 'permission',
    message: string,
    /** The vendor's own words for the log (redacted). */
    readonly vendorAnswer?: string,
  ) {
    super(message);
    this.name = 'CameraSourceRefusedError';
  }
}

/** 404: no such device (`device`), or no picture at that time (`image`: not recorded, or not uploaded yet). */
export class CameraSourceNotFoundError extends CameraSourceError {
  constructor(
    readonly reason: 'device' | 'image',
    message: string,
  ) {
    super(message);
    this.name = 'CameraSourceNotFoundError';
  }
}

/**
 * The camera service did not answer usefully for now, after bounded
 * retries: `rate-limited` (429), `server` (5xx, 408), `timeout`, `network`,
 * `malformed` (an answer of the wrong shape). Try again later.
 */
export class CameraSourceUnavailableError extends CameraSourceError {
  constructor(
    readonly reason: 'rate-limited' | 'server' | 'timeout' | 'network' | 'malformed',
    message: string,
    /** When the service asked us to come back (Retry-After), in ms; otherwise back off on our own. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'CameraSourceUnavailableError';
  }
}

/**
 * The request breaks a rule, named in words: `range` (the end is not after
 * the start), `too-recent` (the range ends too close to now to be answered
 * yet: ask again later), `argument` (an empty device id, an invalid date),
 * `rejected` (the service refused the request as invalid).
 */
export class CameraSourceRequestError extends CameraSourceError {
  constructor(
    readonly reason: 'range' | 'too-recent' | 'argument' | 'rejected',
    message: string,
  ) {
    super(message);
    this.name = 'CameraSourceRequestError';
  }
}
