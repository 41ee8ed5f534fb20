import type { MessageLog, MessageReader, PartitionOffset } from '@regicam/messaging';

/**
 * How many records a reader has still to read before it has reached
 * `ends` (per partition, the end offsets as of some moment); a partition
 * it does not read counts whole.
 */
export function recordsBehind(ends: PartitionOffset[], reader: Pick<MessageReader, 'position'>): bigint {
  let behind = 0n;
  for (const { partition, offset } of ends) {
    const at = reader.position(partition);
    const gap = BigInt(offset) - (at === undefined ? 0n : BigInt(at));
    if (gap > 0n) behind += gap;
  }
  return behind;
}

/** The reader's lag behind the topic's end now, for reports; null when the log does not answer. */
export async function readerLag(
  log: MessageLog,
  topic: string,
  reader: Pick<MessageReader, 'position'> | undefined,
  partitions?: number[],
): Promise<number | null> {
  if (!reader) return null;
  try {
    const ends = await log.endOffsets(topic);
    return Number(recordsBehind(partitions ? ends.filter((e) => partitions.includes(e.partition)) : ends, reader));
  } catch {
    return null;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Calls `fn` until it succeeds, waiting (doubling from 100 ms up to 2 s)
 * between attempts, for at most `withinMs`; then the last error is thrown.
 * For the log's passing errors at start (a topic created a moment ago has
 * no partition leader yet).
 */
export async function retryFor<T>(withinMs: number, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (let delay = 100; ; delay = Math.min(2000, delay * 2)) {
    try {
      return await fn();
    } catch (error) {
      if (Date.now() + delay > deadline) throw error;
      await sleep(delay);
    }
  }
}
