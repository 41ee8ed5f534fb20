import { DEAD_LETTER_HEADERS, DEAD_LETTER_RETENTION_MS, dlqTopic } from '@regicam/contracts';
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

/** The dead-letter topic of a topic, `<topic>.dlq`: where its unprocessable records go. */
export const deadLetterTopic: (topic: string) => string = dlqTopic;

/** How long dead letters are kept: time enough to look at them and replay them (the topics' contract). */
export { DEAD_LETTER_RETENTION_MS };

/** The dead-letter topic of a topic as consumers create it: one partition, kept 30 days. */
export function deadLetterTopicSpec(topic: string): TopicSpec {
  return {
    name: deadLetterTopic(topic),
    partitions: 1,
    config: { retentionMs: DEAD_LETTER_RETENTION_MS, cleanupPolicy: 'delete' },
  };
}

/** Headers a dead-letter record carries besides the original ones: part of the topics' contract. */
export { DEAD_LETTER_HEADERS };

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
