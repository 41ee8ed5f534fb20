import type { ConsumerOptions, OutgoingMessage, TopicConfig, TopicPartitionOffset, TopicSpec } from './message-log';

/**
 * Input checks both adapters make before touching the log, so that bad
 * input gets the same clear error on each, naming what is wrong.
 */

const isMs = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

export function checkMessages(topic: string, messages: OutgoingMessage[]): void {
  messages.forEach((m, i) => {
    const where = `message ${i} for ${topic}`;
    if (m.key !== null && typeof m.key !== 'string') throw new Error(`${where}: key must be a string or null`);
    if (typeof m.value !== 'string' && !Buffer.isBuffer(m.value)) {
      throw new Error(`${where}: value must be a string or a Buffer`);
    }
    for (const [name, value] of Object.entries(m.headers ?? {})) {
      if (typeof value !== 'string') throw new Error(`${where}: header ${name} must be a string`);
    }
    if (m.timestamp !== undefined && !isMs(m.timestamp)) {
      throw new Error(`${where}: timestamp must be whole milliseconds since the epoch, got ${String(m.timestamp)}`);
    }
  });
}

export function checkTopicConfig(topic: string, config: TopicConfig): void {
  const { retentionMs, cleanupPolicy, deleteRetentionMs } = config;
  if (retentionMs !== undefined && retentionMs !== null && !(isMs(retentionMs) && retentionMs > 0)) {
    throw new Error(`topic ${topic}: retentionMs must be a positive number of milliseconds or null (forever)`);
  }
  if (cleanupPolicy !== undefined && cleanupPolicy !== 'delete' && cleanupPolicy !== 'compact') {
    throw new Error(`topic ${topic}: cleanupPolicy must be 'delete' or 'compact', got ${String(cleanupPolicy)}`);
  }
  if (deleteRetentionMs !== undefined && !isMs(deleteRetentionMs)) {
    throw new Error(`topic ${topic}: deleteRetentionMs must be a number of milliseconds`);
  }
}

export function checkPartitionCount(topic: string, partitions: number): void {
  if (!Number.isSafeInteger(partitions) || partitions < 1) {
    throw new Error(`topic ${topic}: partitions must be a whole number of at least 1, got ${String(partitions)}`);
  }
}

export function checkTopicSpecs(topics: TopicSpec[]): void {
  for (const t of topics) {
    if (typeof t.name !== 'string' || t.name.length === 0) throw new Error('a topic needs a name');
    checkPartitionCount(t.name, t.partitions);
    if (t.config) checkTopicConfig(t.name, t.config);
  }
}

/**
 * `commit()` is for consumers in manual mode, and may name only partitions
 * the member owns, each at most one past the last record its handler
 * returned from (`processedUpTo`: the next offset after it, undefined when
 * nothing was processed since the partition was assigned).
 */
export function checkManualCommit(
  options: Pick<ConsumerOptions, 'groupId' | 'commit'>,
  offsets: TopicPartitionOffset[],
  owned: (topic: string, partition: number) => boolean,
  processedUpTo: (topic: string, partition: number) => string | undefined,
): void {
  if (options.commit !== 'manual') {
    throw new Error(`group ${options.groupId}: commit() is for consumers made with commit: 'manual'`);
  }
  for (const { topic, partition, offset } of offsets) {
    const where = `${topic}/${partition}`;
    if (!/^\d+$/.test(offset)) throw new Error(`commit of ${where}: offset must be a decimal string, got ${offset}`);
    if (!owned(topic, partition)) throw new Error(`commit of ${where}: the partition is not this member's`);
    const upTo = processedUpTo(topic, partition);
    if (upTo === undefined) throw new Error(`commit of ${where}: nothing was processed since it was assigned`);
    if (BigInt(offset) > BigInt(upTo)) {
      throw new Error(`commit of ${where} at ${offset}: the handler has returned only up to ${upTo}`);
    }
  }
}
