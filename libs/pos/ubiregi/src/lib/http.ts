import { PosUnavailableError } from '@regicam/pos';

/** How hard to try before the POS counts as unavailable for now. */
export type RetryOptions = {
  /** Tries after the first one, for 429, 5xx, timeouts and network faults (default 3). */
  retries?: number;
  /** The first backoff; it doubles each time (default 500 ms). */
  baseDelayMs?: number;
  /** No single wait, Retry-After included, is longer than this (default 30 s). */
  maxWaitMs?: number;
  /** One request's time limit (default 15 s). */
  timeoutMs?: number;
};

export type HttpAnswer = { status: number; headers: Headers; text: string };

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

/** Retry-After in ms: delta-seconds or an HTTP date. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * One HTTP exchange with bounded retries. 429, 5xx, timeouts and network
 * faults are tried again after Retry-After or an exponential backoff; when
 * the tries run out it throws PosUnavailableError. Any other answer is
 * returned for the caller to read. Messages name the operation and the
 * status only: never a URL's query, a header or a token.
 */
export async function exchange(
  what: string,
  url: string,
  init: RequestInit,
  retry: RetryOptions = {},
): Promise<HttpAnswer> {
  const retries = retry.retries ?? 3;
  const base = retry.baseDelayMs ?? 500;
  const maxWait = retry.maxWaitMs ?? 30_000;
  const timeoutMs = retry.timeoutMs ?? 15_000;
  for (let attempt = 0; ; attempt++) {
    let failure: string;
    let asked: number | undefined;
    try {
      const response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
      const text = await response.text();
      if (!RETRYABLE.has(response.status)) return { status: response.status, headers: response.headers, text };
      failure = `HTTP ${response.status}`;
      asked = retryAfterMs(response.headers);
    } catch (error) {
      // The fetch error is not passed on: its cause may carry the request.
      // (DOMException is not always an Error instance: compare the name only.)
      const name = (error as { name?: unknown } | null)?.name;
      failure = name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'network error';
    }
    if (attempt >= retries) {
      throw new PosUnavailableError(`Ubiregi ${what}: ${failure} after ${attempt + 1} tries; try again later`, asked);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(asked ?? base * 2 ** attempt, maxWait)));
  }
}

/** Parses an answer's body as JSON; a body that is not JSON means the POS is not answering properly. */
export function json(what: string, answer: HttpAnswer): unknown {
  try {
    return JSON.parse(answer.text);
  } catch {
    throw new PosUnavailableError(`Ubiregi ${what}: the answer (HTTP ${answer.status}) is not JSON; try again later`);
  }
}

/** The POS's own words for the log: the documented `[{"reason"}]` or OAuth's `{error}`, nothing else. */
export function posAnswer(answer: HttpAnswer): string {
  try {
    const body: unknown = JSON.parse(answer.text);
    const first = Array.isArray(body) ? body[0] : body;
    if (first && typeof first === 'object') {
      const record = first as Record<string, unknown>;
      const words = record['reason'] ?? record['error'];
      if (typeof words === 'string') return `HTTP ${answer.status}: ${words.slice(0, 200)}`;
    }
  } catch {
    // not JSON: the status alone
  }
  return `HTTP ${answer.status}`;
}
