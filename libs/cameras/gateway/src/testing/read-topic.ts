import { TOPIC, decodeRecord, type CameraFramesValue } from '@regicam/contracts';
import type { ConsumedRecord, MessageLog } from '@regicam/messaging';

/** Every record of a topic as it is now: read by a group-less reader from the start to the end offsets. */
export async function readTopic(log: MessageLog, topic: string, timeoutMs = 15_000): Promise<ConsumedRecord[]> {
  const ends = await log.endOffsets(topic);
  const records: ConsumedRecord[] = [];
  const reader = log.reader({ topic, handler: async (batch) => void records.push(...batch.records) });
  await reader.start();
  try {
    for (const end of ends) await reader.assign(end.partition, 'earliest');
    const deadline = Date.now() + timeoutMs;
    while (ends.some((e) => BigInt(reader.position(e.partition) ?? '0') < BigInt(e.offset))) {
      if (Date.now() > deadline) throw new Error(`${topic} was not read to its end within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await reader.stop();
  }
  return records;
}

/** A frames-topic record decoded by the contract (throws with the reason when it does not fit), with its record id and timestamp. */
export type FramesRecord = { id: string; key: string | null; timestamp: number; value: CameraFramesValue };

export async function readFrames(log: MessageLog, topic: string): Promise<FramesRecord[]> {
  return (await readTopic(log, topic)).map((r) => {
    const decoded = decodeRecord(TOPIC.cameraFrames, r);
    if (!decoded.ok) throw new Error(`a record of ${topic} does not fit its contract: ${decoded.reason}`);
    return { id: decoded.headers['regicam-record-id'], key: r.key, timestamp: r.timestamp, value: decoded.value };
  });
}
