import { UnprocessableRecordError, deadLetterMessage } from './dead-letter';
import type { BatchHandler, ConsumedRecord, OutgoingMessage } from './message-log';

/** What an adapter lends the runner for one batch. */
export type BatchContext = {
  groupId: string;
  handler: BatchHandler;
  /** False once the consumer stops or loses the partition: give up without committing. */
  stillOwned: () => boolean;
  /** Durably records that everything up to and including this record is done. */
  commit: (record: ConsumedRecord) => Promise<void>;
  sendDeadLetter: (message: OutgoingMessage) => Promise<void>;
  /** Keeps the group membership alive while waiting. */
  heartbeat: () => Promise<void>;
  retryDelayMs: number;
  maxRetryDelayMs: number;
  onRetry: (error: unknown, attempt: number, delayMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs one batch of one partition to its end, the same way for every
 * adapter:
 * 1. hand the records to the handler;
 * 2. on success commit the last one;
 * 3. on an unprocessable record commit up to it, send it to the dead-letter
 *    topic, commit it and go on with the records after it;
 * 4. on any other error wait (doubling the delay) and hand the same records
 *    over again, for as long as the partition is still ours.
 * Returns true when every record was committed.
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
    try {
      await ctx.handler({ topic, partition, records: pending });
      await ctx.commit(pending[pending.length - 1]);
      return true;
    } catch (error) {
      const poison =
        error instanceof UnprocessableRecordError ? pending.findIndex((r) => r.offset === error.record.offset) : -1;
      if (error instanceof UnprocessableRecordError && poison >= 0) {
        // The handler went through the records before the poison one in order.
        await ctx.sendDeadLetter(deadLetterMessage(pending[poison], error.reason, ctx.groupId, new Date()));
        await ctx.commit(pending[poison]);
        pending = pending.slice(poison + 1);
        attempt = 0;
        continue;
      }
      attempt += 1;
      const delay = Math.min(ctx.maxRetryDelayMs, ctx.retryDelayMs * 2 ** (attempt - 1));
      ctx.onRetry(error, attempt, delay);
      await sleep(delay);
      await ctx.heartbeat();
    }
  }
  return true;
}
