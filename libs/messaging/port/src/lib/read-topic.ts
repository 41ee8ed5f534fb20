import type { ConsumedRecord, MessageLog } from './message-log';

/**
 * Every record a topic holds now, partition by partition in offset order,
 * read with a group-less reader from the earliest offset up to the end
 * offsets as they were when it started. For tests and tools that check
 * what a topic holds.
 */
export async function readTopic(log: MessageLog, topic: string, timeoutMs = 60_000): Promise<ConsumedRecord[]> {
  const ends = new Map((await log.endOffsets(topic)).map((e) => [e.partition, BigInt(e.offset)]));
  const byPartition = new Map<number, ConsumedRecord[]>();
  const reader = log.reader({
    topic,
    handler: async (batch) => {
      const list = byPartition.get(batch.partition) ?? [];
      list.push(...batch.records);
      byPartition.set(batch.partition, list);
    },
  });
  await reader.start();
  try {
    for (const partition of ends.keys()) await reader.assign(partition, 'earliest');
    const done = () => [...ends].every(([p, end]) => end === 0n || BigInt(reader.position(p) ?? '0') >= end);
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`${topic} was not read to its end within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await reader.stop();
  }
  return [...byPartition.keys()]
    .sort((a, b) => a - b)
    .flatMap((p) => (byPartition.get(p) ?? []).filter((r) => BigInt(r.offset) < (ends.get(p) ?? 0n)));
}
