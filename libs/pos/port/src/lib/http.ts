import { callVendor, readJson as readVendorJson, type RetryOptions, type Vendor } from '@regicam/http';
import { PosUnavailableError } from './pos';

export { redact, retryAfterMs } from '@regicam/http';

/**
 * How hard one POS call tries before the POS counts as unavailable for now
 * (`callVendor`'s options). Where the Smaregi and Ubiregi versions differed
 * the shared helper keeps the union:
 * - `attempts` counts every try (Smaregi's option; Ubiregi's former `retries`
 *   was `attempts - 1`).
 * - `maxDelayMs` caps every pause (Smaregi's name; Ubiregi's former
 *   `maxWaitMs`). What a longer Retry-After does is `longRetryAfter`:
 *   Smaregi gave up at once, Ubiregi waits the cap and tries again.
 */
export type PosRetryOptions = RetryOptions;

/** One answer the POS gave and the caller must judge. */
export type PosHttpAnswer = { status: number; headers: Headers; text: string };

/** A POS vendor for the shared helper: unavailable means PosUnavailableError. */
function posVendor(name: string): Vendor {
  return { name, unavailable: (message, problem) => new PosUnavailableError(message, problem.retryAfterMs) };
}

/**
 * One HTTP call to a POS with bounded retries (`callVendor` of
 * `@regicam/http`): 408, 429, 5xx, timeouts and network failures are retried
 * and then become PosUnavailableError; any other status is returned; no
 * redirect is followed; messages never carry the URL, a header or a body.
 */
export async function callPos(
  vendor: string,
  what: string,
  url: string,
  init: RequestInit,
  options: PosRetryOptions = {},
): Promise<PosHttpAnswer> {
  const answer = await callVendor(posVendor(vendor), what, url, init, options);
  return { status: answer.status, headers: answer.headers, text: answer.text };
}

/** An answer's body as JSON; a body that is not JSON is PosUnavailableError (try again later). */
export function readJson(vendor: string, what: string, answer: PosHttpAnswer): unknown {
  return readVendorJson(posVendor(vendor), what, answer);
}
