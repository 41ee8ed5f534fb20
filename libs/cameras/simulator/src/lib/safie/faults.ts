import type { Response } from 'express';

/**
 * Switches that make the simulated camera cloud misbehave the way a real
 * one does: set per test on the whole simulator (every request) or on one
 * camera (the requests naming it). Counters count down as they fire.
 */
export type CameraFaultSettings = {
  /** The next this-many requests answer 429 with `Retry-After: retryAfterS`. */
  next429: number;
  retryAfterS: number;
  /** The next this-many requests answer 503. */
  next5xx: number;
  /** Every answer waits this long first. */
  delayMs: number;
  /** The next this-many JSON answers have a body that is not JSON. */
  nextMalformed: number;
  /** The next this-many pictures are 200 image/jpeg with bytes that are no JPEG. */
  nextCorruptJpeg: number;
  /** The next this-many pictures are cut off halfway. */
  nextTruncatedJpeg: number;
};

const NONE: CameraFaultSettings = {
  next429: 0,
  retryAfterS: 1,
  next5xx: 0,
  delayMs: 0,
  nextMalformed: 0,
  nextCorruptJpeg: 0,
  nextTruncatedJpeg: 0,
};

export class CameraFaults {
  settings: CameraFaultSettings = { ...NONE };
  /** Answers spoilt by a switch, by kind. */
  readonly injected = { '429': 0, '5xx': 0, malformed: 0, corrupt: 0, truncated: 0 };

  set(settings: Partial<CameraFaultSettings>): void {
    this.settings = { ...this.settings, ...settings };
  }

  reset(): void {
    this.settings = { ...NONE };
  }

  /** Waits, then answers 429 or 503 if a switch says so; true when it answered. */
  async answered(res: Response): Promise<boolean> {
    const s = this.settings;
    if (s.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, s.delayMs));
    if (s.next429 > 0) {
      s.next429--;
      this.injected['429']++;
      res
        .status(429)
        .set('Retry-After', String(s.retryAfterS))
        .json({ status: 429, error: 'too_many_requests', message: 'Rate limit exceeded.' });
      return true;
    }
    if (s.next5xx > 0) {
      s.next5xx--;
      this.injected['5xx']++;
      res.status(503).type('text/html').send('<html><body>503 Service Temporarily Unavailable</body></html>');
      return true;
    }
    return false;
  }

  /** Whether this JSON answer is to be spoilt. */
  takeMalformed(): boolean {
    if (this.settings.nextMalformed <= 0) return false;
    this.settings.nextMalformed--;
    this.injected.malformed++;
    return true;
  }

  /** How this picture is to be spoilt, if at all. */
  takeImageFault(): 'corrupt' | 'truncated' | null {
    if (this.settings.nextCorruptJpeg > 0) {
      this.settings.nextCorruptJpeg--;
      this.injected.corrupt++;
      return 'corrupt';
    }
    if (this.settings.nextTruncatedJpeg > 0) {
      this.settings.nextTruncatedJpeg--;
      this.injected.truncated++;
      return 'truncated';
    }
    return null;
  }
}
