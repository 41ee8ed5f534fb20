import {
  CO_PARTITIONED_TOPICS,
  DEAD_LETTER_PARTITIONS,
  DEAD_LETTER_RETENTION_MS,
  TOPICS,
  dlqTopic,
  type CleanupPolicy,
} from './topics';

/** A topic as it is to be created. */
export type TopicConfig = {
  name: string;
  partitions: number;
  /** null: kept forever. */
  retentionMs: number | null;
  cleanupPolicy: CleanupPolicy;
};

export type TopicConfigOptions = {
  /** Partitions of every topic but the dead-letter ones (default 6). One count keeps the co-partitioned topics equal. */
  partitions?: number;
  /** How long transactions are kept (default 30 days); null: forever. */
  transactionRetentionMs?: number | null;
};

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1;

/**
 * Every topic to create, the dead-letter topics last: the partitions and
 * the transaction retention as configured, the rest as agreed. Refuses a
 * count or a retention that is not a positive whole number.
 */
export function topicConfigs(options: TopicConfigOptions = {}): TopicConfig[] {
  const { partitions, transactionRetentionMs } = options;
  if (partitions !== undefined && !isCount(partitions)) {
    throw new RangeError(`partitions must be a whole number of 1 or more, was ${partitions}`);
  }
  if (transactionRetentionMs != null && !isCount(transactionRetentionMs)) {
    throw new RangeError(
      `transactionRetentionMs must be a whole number of milliseconds above 0 (or null: forever), was ${transactionRetentionMs}`,
    );
  }
  const topics = Object.values(TOPICS).map((t): TopicConfig => ({
    name: t.name,
    partitions: partitions ?? t.partitions,
    retentionMs:
      t === TOPICS.transactions && transactionRetentionMs !== undefined ? transactionRetentionMs : t.retentionMs,
    cleanupPolicy: t.cleanupPolicy,
  }));
  const deadLetters = topics.map((t): TopicConfig => ({
    name: dlqTopic(t.name),
    partitions: DEAD_LETTER_PARTITIONS,
    retentionMs: DEAD_LETTER_RETENTION_MS,
    cleanupPolicy: 'delete',
  }));
  return [...topics, ...deadLetters];
}

/** The topic's settings as Kafka topic configs (kafkajs `configEntries`); retention -1 is forever. */
export function kafkaConfigEntries(topic: TopicConfig): { name: string; value: string }[] {
  return [
    { name: 'cleanup.policy', value: topic.cleanupPolicy },
    { name: 'retention.ms', value: String(topic.retentionMs ?? -1) },
  ];
}

/**
 * Checks the partition counts of existing topics (creating a topic never
 * changes one that exists): the join needs the camera-keyed topics to have
 * the same count, or one camera's frames and jobs land on different members.
 */
export function checkCoPartitioned(partitionCounts: Record<string, number>): void {
  const counts = CO_PARTITIONED_TOPICS.map((name) => partitionCounts[name]);
  if (counts.some((n) => n === undefined) || new Set(counts).size > 1) {
    const listed = CO_PARTITIONED_TOPICS.map((name, i) => `${name}: ${counts[i] ?? 'missing'}`).join(', ');
    throw new Error(`the camera-keyed topics must have the same number of partitions (${listed})`);
  }
}
