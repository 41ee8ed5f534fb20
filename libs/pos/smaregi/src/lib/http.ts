import { PosUnavailableError } from '@regicam/pos';

export type RetryOptions = {
  /** Tries per call, the first included (default 4). */
  attempts?: number;
  /** The first pause after a failure; it doubles each time (default 200 ms). */
  baseDelayMs?: number;
  /** The longest pause, ours or a Retry-After (default 30 s): a longer Retry-After ends the call. */
  maxDelayMs?: number;
  /** Per attempt (default 15 s). */
  timeoutMs?: number;
};

export type SmaregiAnswer = { status: number; body: unknown; text: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retry-After in ms (seconds or an HTTP date), undefined when absent or unreadable. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** Removes each secret from a text before it goes into an error or a log. */
export function redact(text: string, secrets: string[]): string {
  return secrets.filter((s) => s.length > 0).reduce((t, s) => t.split(s).join('***'), text.slice(0, 2000));
}

/**
 * One call to Smaregi with bounded retries.
 * 1. 429, 5xx, a timeout or a network failure is tried again after a
 *    doubling pause (or the Retry-After asked for), `attempts` times in all,
 *    then becomes PosUnavailableError.
 * 2. Any other status is returned for the caller to judge (401/403 are the
 *    owner's to fix and are never retried).
 * 3. A body that is not JSON is PosUnavailableError at once: the next poll
 *    tries again.
 * Messages name `what` and the status, never the URL's secrets or a header.
 */
export async function callSmaregi(
  what: string,
  url: string,
  init: RequestInit,
  options: RetryOptions = {},
): Promise<SmaregiAnswer> {
  const attempts = options.attempts ?? 4;
  const maxDelay = options.maxDelayMs ?? 30_000;
  let problem = '';
  let askedMs: number | undefined;
  let tried = 0;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    tried = attempt;
    let response: Response | undefined;
    try {
      response = await fetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs ?? 15_000) });
    } catch (error) {
      problem = (error as Error).name === 'TimeoutError' ? 'no answer in time' : 'no connection';
    }
    if (response && response.status !== 429 && response.status < 500) {
      const text = await response.text();
      try {
        return { status: response.status, body: JSON.parse(text) as unknown, text };
      } catch {
        throw new PosUnavailableError(`Smaregi ${what}: the answer (HTTP ${response.status}) was not JSON`);
      }
    }
    if (response) {
      await response.body?.cancel();
      problem = `HTTP ${response.status}`;
      askedMs = response.status === 429 ? retryAfterMs(response.headers.get('retry-after')) : undefined;
    }
    const pause = askedMs ?? Math.min(maxDelay, (options.baseDelayMs ?? 200) * 2 ** (attempt - 1));
    if (attempt === attempts || pause > maxDelay) break;
    await sleep(pause);
  }
  throw new PosUnavailableError(`Smaregi ${what}: ${problem} after ${tried} attempt(s)`, askedMs);
}
