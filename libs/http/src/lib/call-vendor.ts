/**
 * How hard one call to an outside vendor (a POS, a camera cloud) tries
 * before the vendor counts as unavailable for now.
 */
export type RetryOptions = {
  /** Tries per call, the first included (default 4). */
  attempts?: number;
  /** The first pause after a failure; it doubles each time (default 200 ms). */
  baseDelayMs?: number;
  /** The longest pause, ours or a Retry-After (default 30 s). */
  maxDelayMs?: number;
  /**
   * A Retry-After longer than `maxDelayMs`: `'give-up'` ends the call at once
   * with the vendor's unavailable error carrying `retryAfterMs` (the
   * default); `'wait-max'` waits `maxDelayMs` and tries again.
   */
  longRetryAfter?: 'give-up' | 'wait-max';
  /** Per attempt (default 15 s). */
  timeoutMs?: number;
};

/** Why the vendor counts as unavailable: the last attempt's problem. */
export type UnavailableProblem = {
  /** `status`: a retryable HTTP status; `timeout`: no answer in time; `network`: no connection; `not-json`: a body that should be JSON is not. */
  kind: 'status' | 'timeout' | 'network' | 'not-json';
  /** The HTTP status of the last answer, when there was one. */
  status?: number;
  /** When the vendor asked us to come back (Retry-After), in ms. */
  retryAfterMs?: number;
};

/**
 * A vendor as the helper names it in messages, with the error its callers
 * expect when it does not answer usefully (each port has its own class).
 */
export type Vendor = {
  name: string;
  unavailable: (message: string, problem: UnavailableProblem) => Error;
};

/** One answer the vendor gave and the caller must judge; `text` decodes the body as UTF-8. */
export type VendorAnswer = { status: number; headers: Headers; body: Buffer; readonly text: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** 408, 429 and every 5xx are worth another try; any other status is the caller's to judge. */
function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Retry-After in ms (delta-seconds or an HTTP date), undefined when absent or
 * unreadable; never negative. Seconds may be fractional.
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

function answerOf(status: number, headers: Headers, body: Buffer): VendorAnswer {
  let text: string | undefined;
  return {
    status,
    headers,
    body,
    // Decoded on first use: an image body is never turned into text.
    get text() {
      text ??= new TextDecoder().decode(body);
      return text;
    },
  };
}

/**
 * One HTTP call to a vendor with bounded retries.
 * 1. 408, 429, 5xx, a timeout or a network failure is tried again after the
 *    Retry-After asked for (on any of these statuses) or a doubling pause,
 *    `attempts` times in all, then becomes `vendor.unavailable(...)` (with
 *    `retryAfterMs` when the last answer asked for one).
 * 2. Any other status is returned with its body for the caller to judge
 *    (401/403 are the owner's to fix and are never retried); `readJson`
 *    reads a JSON body.
 * 3. Redirects are not followed (`redirect: 'manual'`): a credential header
 *    must not go to another host. A 3xx is returned.
 * Messages name the vendor, `what` and the status, never the URL, a header,
 * a body or the fetch error (its cause may carry the request).
 */
export async function callVendor(
  vendor: Vendor,
  what: string,
  url: string,
  init: RequestInit,
  options: RetryOptions = {},
): Promise<VendorAnswer> {
  const attempts = Math.max(1, options.attempts ?? 4);
  const base = options.baseDelayMs ?? 200;
  const maxDelay = options.maxDelayMs ?? 30_000;
  const timeoutMs = options.timeoutMs ?? 15_000;
  for (let attempt = 1; ; attempt++) {
    let problem: UnavailableProblem;
    let words: string;
    try {
      const signal = AbortSignal.timeout(timeoutMs);
      const response = await fetch(url, { ...init, redirect: 'manual', signal });
      if (!retryable(response.status)) {
        return answerOf(response.status, response.headers, Buffer.from(await response.arrayBuffer()));
      }
      await response.body?.cancel();
      problem = {
        kind: 'status',
        status: response.status,
        retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
      };
      words = `HTTP ${response.status}`;
    } catch (error) {
      // DOMException is not always an Error instance: compare the name only.
      // A body cut off by the timeout is a timeout too.
      const name = (error as { name?: unknown } | null)?.name;
      const timedOut = name === 'TimeoutError';
      problem = { kind: timedOut ? 'timeout' : 'network' };
      words = timedOut ? `no answer within ${timeoutMs} ms` : 'network error';
    }
    const asked = problem.retryAfterMs;
    const giveUp = asked !== undefined && asked > maxDelay && (options.longRetryAfter ?? 'give-up') === 'give-up';
    if (attempt >= attempts || giveUp) {
      throw vendor.unavailable(`${vendor.name} ${what}: ${words} after ${attempt} attempt(s)`, problem);
    }
    await sleep(Math.min(asked ?? base * 2 ** (attempt - 1), maxDelay));
  }
}

/** An answer's body as JSON; a body that is not JSON means the vendor is not answering properly (try again later). */
export function readJson(vendor: Vendor, what: string, answer: { status: number; text: string }): unknown {
  try {
    return JSON.parse(answer.text) as unknown;
  } catch {
    throw vendor.unavailable(
      `${vendor.name} ${what}: the answer (HTTP ${answer.status}) is not JSON; try again later`,
      {
        kind: 'not-json',
        status: answer.status,
      },
    );
  }
}
