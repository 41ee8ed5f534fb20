import type { PosHttpAnswer, PosRetryOptions } from '@regicam/pos';

/**
 * Ubiregi's own retry defaults over the shared `callPos` ones: a 500 ms first
 * pause, and a Retry-After longer than `maxDelayMs` waited out (capped) rather
 * than ending the call.
 */
export function ubiregiRetry(retry: PosRetryOptions = {}): PosRetryOptions {
  return { baseDelayMs: 500, longRetryAfter: 'wait-max', ...retry };
}

/** The POS's own words for the log: the documented `[{"reason"}]` or OAuth's `{error}`, nothing else. */
export function posAnswer(answer: PosHttpAnswer): string {
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
