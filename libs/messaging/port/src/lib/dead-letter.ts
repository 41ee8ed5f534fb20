import type { ConsumedRecord, MessageHeaders, OutgoingMessage, TopicSpec } from './message-log';

/** Thrown by a handler for a record that can never be processed (bad input). */
export class UnprocessableRecordError extends Error {
  constructor(
    readonly record: ConsumedRecord,
    readonly reason: string,
  ) {
    super(`record ${record.topic}/${record.partition}@${record.offset} cannot be processed: ${reason}`);
    this.name = 'UnprocessableRecordError';
  }
}

/** The dead-letter topic of a topic: where its unprocessable records go. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

/** How long dead letters are kept: time enough to look at them and replay them. */
export const DEAD_LETTER_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/** The dead-letter topic of a topic as consumers create it: one partition, kept 30 days. */
export function deadLetterTopicSpec(topic: string): TopicSpec {
  return {
    name: deadLetterTopic(topic),
    partitions: 1,
    config: { retentionMs: DEAD_LETTER_RETENTION_MS, cleanupPolicy: 'delete' },
  };
}

/** Headers a dead-letter record carries besides the original ones. */
export const DEAD_LETTER_HEADERS = {
  reason: 'x-dead-letter-reason',
  topic: 'x-dead-letter-topic',
  partition: 'x-dead-letter-partition',
  offset: 'x-dead-letter-offset',
  group: 'x-dead-letter-group',
  at: 'x-dead-letter-at',
} as const;

/**
 * The dead-letter record for a record: same key and value, original headers
 * kept, and where it came from and why it was set aside.
 */
export function deadLetterMessage(record: ConsumedRecord, reason: string, groupId: string, at: Date): OutgoingMessage {
  const headers: MessageHeaders = {
    ...record.headers,
    [DEAD_LETTER_HEADERS.reason]: reason,
    [DEAD_LETTER_HEADERS.topic]: record.topic,
    [DEAD_LETTER_HEADERS.partition]: String(record.partition),
    [DEAD_LETTER_HEADERS.offset]: record.offset,
    [DEAD_LETTER_HEADERS.group]: groupId,
    [DEAD_LETTER_HEADERS.at]: at.toISOString(),
  };
  return { key: record.key, value: record.value, headers };
}
