import { runBatch, type BatchContext, type ConsumedRecord, type MessageHeaders } from '@regicam/messaging';
import type { Batch, Consumer, EachBatchPayload, IHeaders, KafkaMessage } from 'kafkajs';

export function toRecord(topic: string, partition: number, m: KafkaMessage): ConsumedRecord {
  return {
    topic,
    partition,
    offset: m.offset,
    key: m.key ? m.key.toString('utf8') : null,
    value: m.value ?? Buffer.alloc(0),
    headers: toHeaders(m.headers),
    timestamp: Number(m.timestamp),
  };
}

function toHeaders(headers: IHeaders | undefined): MessageHeaders {
  const out: MessageHeaders = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    const first = Array.isArray(value) ? value[0] : value;
    out[name] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return out;
}

/**
 * Runs what one kafkajs fetch returned for a partition, in batches of at
 * most `maxBatchSize` records, leaving out records before `from` (already
 * processed). Stops at the first batch that was abandoned; returns whether
 * every record was processed.
 */
export async function handOver(
  batch: Batch,
  maxBatchSize: number,
  from: bigint | undefined,
  ctx: BatchContext,
): Promise<boolean> {
  const messages = from === undefined ? batch.messages : batch.messages.filter((m) => BigInt(m.offset) >= from);
  const records = messages.map((m) => toRecord(batch.topic, batch.partition, m));
  for (let i = 0; i < records.length; i += maxBatchSize) {
    if (!(await runBatch(batch.topic, batch.partition, records.slice(i, i + maxBatchSize), ctx))) return false;
  }
  return true;
}

/**
 * Starts a kafkajs group member by hand-committing rules: connects,
 * subscribes, waits for `ready` (work that must be done before the first
 * fetch), runs `eachBatch` without auto-commit or auto-resolve, one
 * partition at a time, and resolves once the member joined its group.
 * On failure (a crash before the first join included) it disconnects again.
 */
export async function runMember(
  consumer: Consumer,
  options: {
    topics: string[];
    fromBeginning: boolean;
    eachBatch: (payload: EachBatchPayload) => Promise<void>;
    ready?: Promise<void>;
  },
): Promise<void> {
  const joined = new Promise<void>((resolve, reject) => {
    const stopJoin = consumer.on(consumer.events.GROUP_JOIN, () => {
      stopJoin();
      stopCrash();
      resolve();
    });
    // A crash before the first join (no broker, no such topic) fails the start instead of hanging it.
    const stopCrash = consumer.on(consumer.events.CRASH, ({ payload }) => {
      stopJoin();
      stopCrash();
      reject(payload.error);
    });
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning });
    await options.ready;
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: options.eachBatch,
    });
    await joined;
  } catch (error) {
    await consumer.disconnect().catch(() => undefined);
    throw error;
  }
}
