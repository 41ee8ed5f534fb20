import { PosUnavailableError } from './pos';

/**
 * How hard one POS call tries before the POS counts as unavailable for now.
 * Shared by the connectors; where the Smaregi and Ubiregi versions differed
 * this keeps the union:
 * - `attempts` counts every try (Smaregi's option; Ubiregi's former `retries`
 *   was `attempts - 1`).
 * - `maxDelayMs` caps every pause (Smaregi's name; Ubiregi's former
 *   `maxWaitMs`). What a longer Retry-After does is `longRetryAfter`:
 *   Smaregi gave up at once, Ubiregi waited the cap and tried again.
 */
export type PosRetryOptions = {
  /** Tries per call, the first included (default 4). */
  attempts?: number;
  /** The first pause after a failure; it doubles each time (default 200 ms; Ubiregi passes 500 ms). */
  baseDelayMs?: number;
  /** The longest pause, ours or a Retry-After (default 30 s). */
  maxDelayMs?: number;
  /**
   * A Retry-After longer than `maxDelayMs`: `'give-up'` ends the call at once
   * with PosUnavailableError carrying `retryAfterMs` (the default, Smaregi's);
   * `'wait-max'` waits `maxDelayMs` and tries again (Ubiregi's).
   */
  longRetryAfter?: 'give-up' | 'wait-max';
  /** Per attempt (default 15 s). */
  timeoutMs?: number;
};

/** One answer the POS gave and the caller must judge. */
export type PosHttpAnswer = { status: number; headers: Headers; text: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Statuses worth another try. The union of both connectors' former sets:
 * Smaregi retried 429 and every 5xx, Ubiregi 408, 429, 500, 502, 503, 504.
 */
function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Retry-After in ms (delta-seconds or an HTTP date), undefined when absent or
 * unreadable; never negative. Seconds may be fractional (Smaregi's reading).
 */
export function retryAfterMs(header: string | null | undefined, now = Date.now()): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Removes each secret from a text (cut to 2 000 characters) before it goes into an error or a log. */
export function redact(text: string, secrets: string[]): string {
  return secrets.filter((s) => s.length > 0).reduce((t, s) => t.split(s).join('***'), text.slice(0, 2000));
}

/**
 * One HTTP call to a POS with bounded retries.
 * 1. 408, 429, 5xx, a timeout or a network failure is tried again after the
 *    Retry-After asked for (on any of these statuses) or a doubling pause,
 *    `attempts` times in all, then becomes PosUnavailableError (with
 *    `retryAfterMs` when the last answer asked for one).
 * 2. Any other status is returned for the caller to judge (401/403 are the
 *    owner's to fix and are never retried); `readJson` reads its body.
 * 3. Redirects are not followed (`redirect: 'manual'`, Ubiregi's): a
 *    credential header must not go to another host. A 3xx is returned.
 * Messages name `vendor`, `what` and the status, never the URL, a header, a
 * body or the fetch error (its cause may carry the request).
 */
export async function callPos(
  vendor: string,
  what: string,
  url: string,
  init: RequestInit,
  options: PosRetryOptions = {},
): Promise<PosHttpAnswer> {
  const attempts = Math.max(1, options.attempts ?? 4);
  const base = options.baseDelayMs ?? 200;
  const maxDelay = options.maxDelayMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 15_000;
  for (let attempt = 1; ; attempt++) {
    let problem: string;
    let asked: number | undefined;
    try {
      const response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
      if (!retryable(response.status)) {
        return { status: response.status, headers: response.headers, text: await response.text() };
      }
      await response.body?.cancel();
      problem = `HTTP ${response.status}`;
      asked = retryAfterMs(response.headers.get('retry-after'));
    } catch (error) {
      // DOMException is not always an Error instance: compare the name only.
      const name = (error as { name?: unknown } | null)?.name;
      problem = name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'network error';
    }
    const giveUp = asked !== undefined && asked > maxDelay && (options.longRetryAfter ?? 'give-up') === 'give-up';
    if (attempt >= attempts || giveUp) {
      throw new PosUnavailableError(`${vendor} ${what}: ${problem} after ${attempt} attempt(s)`, asked);
    }
    await sleep(Math.min(asked ?? base * 2 ** (attempt - 1), maxDelay));
  }
}

/** An answer's body as JSON; a body that is not JSON means the POS is not answering properly (try again later). */
export function readJson(vendor: string, what: string, answer: PosHttpAnswer): unknown {
  try {
    return JSON.parse(answer.text) as unknown;
  } catch {
    throw new PosUnavailableError(`${vendor} ${what}: the answer (HTTP ${answer.status}) is not JSON; try again later`);
  }
}
