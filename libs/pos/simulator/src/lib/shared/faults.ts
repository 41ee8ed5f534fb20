import type { NextFunction, Request, Response } from 'express';

/**
 * Switches that make a simulated POS misbehave the way real ones do, set
 * per test: the next N answers fail with 429 or 5xx, or every answer is slow.
 */
export type FaultSettings = {
  /** The next this-many requests answer 429 with Retry-After. */
  next429: number;
  /** The next this-many requests answer 503. */
  next5xx: number;
  /** Every answer waits this long first. */
  delayMs: number;
  /** The next this-many requests get a body that is not valid JSON. */
  nextMalformed: number;
};

export class Faults {
  settings: FaultSettings = { next429: 0, next5xx: 0, delayMs: 0, nextMalformed: 0 };
  /** Requests answered with an injected fault, by kind. */
  readonly injected = { '429': 0, '5xx': 0, malformed: 0 };

  set(settings: Partial<FaultSettings>): void {
    this.settings = { ...this.settings, ...settings };
  }

  reset(): void {
    this.settings = { next429: 0, next5xx: 0, delayMs: 0, nextMalformed: 0 };
  }

  /** Express middleware applying the switches before the vendor's handler. */
  middleware() {
    return async (_req: Request, res: Response, next: NextFunction): Promise<void> => {
      if (this.settings.delayMs > 0) await new Promise((r) => setTimeout(r, this.settings.delayMs));
      if (this.settings.next429 > 0) {
        this.settings.next429--;
        this.injected['429']++;
        res.status(429).set('Retry-After', '1').json({ error: 'too_many_requests' });
        return;
      }
      if (this.settings.next5xx > 0) {
        this.settings.next5xx--;
        this.injected['5xx']++;
        res.status(503).send('Service Unavailable');
        return;
      }
      if (this.settings.nextMalformed > 0) {
        this.settings.nextMalformed--;
        this.injected.malformed++;
        res.status(200).type('application/json').send('{"total_count": "1", "result": [ {"transactionHeadId": ');
        return;
      }
      next();
    };
  }
}
