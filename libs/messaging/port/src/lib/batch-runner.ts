import { UnprocessableRecordError, deadLetterMessage } from './dead-letter';
import type { BatchHandler, ConsumedRecord, OutgoingMessage, TopicPartition } from './message-log';

/** What an adapter lends the runner for one batch. */
export type BatchContext = {
  handler: BatchHandler;
  /** False once the consumer stops or loses the partition: give up without marking anything processed. */
  stillOwned: () => boolean;
  /**
   * Everything up to and including this record is processed: the handler
   * returned from it. A group consumer commits it (now or coalesced), a
   * reader moves its position on.
   */
  processed: (record: ConsumedRecord) => Promise<void> | void;
  /**
   * Where unprocessable records go (group consumers). Without it an
   * `UnprocessableRecordError` is retried like any other error (readers,
   * which have no group to set a record aside for).
   */
  deadLetters?: { groupId: string; send: (message: OutgoingMessage) => Promise<void> };
  /** Keeps the group membership alive while waiting. */
  heartbeat: () => Promise<void>;
  retryDelayMs: number;
  maxRetryDelayMs: number;
  onRetry: (error: unknown, attempt: number, delayMs: number) => void;
  /** Waits between attempts; adapters wake it early when they stop. */
  sleep?: (ms: number) => Promise<void>;
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs one batch of one partition to its end, the same way for every
 * consumer and reader of every adapter:
 * 1. hand the records to the handler;
 * 2. on success mark the last one processed;
 * 3. on an unprocessable record (with dead letters) mark the records before
 *    it processed, send it to the dead-letter topic, mark it processed and
 *    go on with the records after it;
 * 4. on any other error (a dead-letter send that fails too) wait (doubling the delay) and hand the same records
 *    over again, for as long as the partition is still owned.
 * Returns true when every record was marked processed.
 */
export async function runBatch(
  topic: string,
  partition: number,
  records: ConsumedRecord[],
  ctx: BatchContext,
): Promise<boolean> {
  const sleep = ctx.sleep ?? defaultSleep;
  let pending = records;
  let attempt = 0;
  while (pending.length > 0) {
    if (!ctx.stillOwned()) return false;
    let failure: unknown;
    try {
      await ctx.handler({ topic, partition, records: pending });
      await ctx.processed(pending[pending.length - 1]);
      return true;
    } catch (error) {
      failure = error;
    }
    const poison = failure instanceof UnprocessableRecordError ? failure : undefined;
    const at = ctx.deadLetters && poison ? pending.findIndex((r) => r.offset === poison.record.offset) : -1;
    if (ctx.deadLetters && poison && at >= 0) {
      try {
        // The handler went through the records before the poison one in order.
        if (at > 0) await ctx.processed(pending[at - 1]);
        pending = pending.slice(at);
        await ctx.deadLetters.send(deadLetterMessage(pending[0], poison.reason, ctx.deadLetters.groupId, new Date()));
        await ctx.processed(pending[0]);
        pending = pending.slice(1);
        attempt = 0;
        continue;
      } catch (error) {
        // The dead-letter topic is out of reach: a passing failure like any other.
        failure = error;
      }
    }
    attempt += 1;
    const delay = Math.min(ctx.maxRetryDelayMs, ctx.retryDelayMs * 2 ** (attempt - 1));
    ctx.onRetry(failure, attempt, delay);
    await sleep(delay);
    await ctx.heartbeat();
  }
  return true;
}

/**
 * Calls `fn` until it returns, waiting (doubling the delay) after each
 * failure, for as long as `wanted()` holds; used for the assignment
 * callbacks, which like handlers meet passing failures.
 */
export async function callWithRetry(
  fn: () => Promise<void> | void,
  options: Pick<BatchContext, 'retryDelayMs' | 'maxRetryDelayMs' | 'onRetry' | 'sleep'> & { wanted: () => boolean },
): Promise<void> {
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 1; options.wanted(); attempt++) {
    try {
      await fn();
      return;
    } catch (error) {
      const delay = Math.min(options.maxRetryDelayMs, options.retryDelayMs * 2 ** (attempt - 1));
      options.onRetry(error, attempt, delay);
      await sleep(delay);
    }
  }
}

export { sleepUnless } from '@regicam/util';

/**
 * The backoff of a consumer or reader from its options (defaults 200 ms,
 * doubled up to 10 s), reporting each retry of `what` failed.
 */
export function backoff(
  options: { retryDelayMs?: number; maxRetryDelayMs?: number },
  what: string,
  warn: (message: string) => void,
): Pick<BatchContext, 'retryDelayMs' | 'maxRetryDelayMs' | 'onRetry'> {
  return {
    retryDelayMs: options.retryDelayMs ?? 200,
    maxRetryDelayMs: options.maxRetryDelayMs ?? 10_000,
    onRetry: (error, attempt, delay) =>
      warn(`${what} failed (attempt ${attempt}), retrying in ${delay} ms: ${String(error)}`),
  };
}

/** A map key for a topic partition. */
export const partitionKey = (tp: TopicPartition) => `${tp.topic}\u0000${tp.partition}`;

/** The offset that follows a record's: what a commit of it names. */
export function offsetAfter(record: Pick<ConsumedRecord, 'offset'>): string {
  return (BigInt(record.offset) + 1n).toString();
}
