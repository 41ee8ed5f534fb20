import type { ReportedTopicConfig, TopicConfig } from '@regicam/messaging';

/** The Kafka topic configs the port speaks of. */
export const KAFKA_CONFIG_NAMES = ['retention.ms', 'cleanup.policy', 'delete.retention.ms'] as const;

export type KafkaConfigEntry = { name: string; value: string };

/** A port config as Kafka topic config entries (forever is `retention.ms=-1`); fields left out are left out. */
export function toKafkaConfig(config: TopicConfig | undefined): KafkaConfigEntry[] {
  const out: KafkaConfigEntry[] = [];
  if (!config) return out;
  if (config.retentionMs !== undefined) {
    out.push({ name: 'retention.ms', value: config.retentionMs === null ? '-1' : String(config.retentionMs) });
  }
  if (config.cleanupPolicy !== undefined) out.push({ name: 'cleanup.policy', value: config.cleanupPolicy });
  if (config.deleteRetentionMs !== undefined) {
    out.push({ name: 'delete.retention.ms', value: String(config.deleteRetentionMs) });
  }
  return out;
}

/** What the broker reports, in the port's terms; both policies come back as `compact,delete`. */
export function fromKafkaConfig(
  topic: string,
  entries: { configName: string; configValue: string }[],
): ReportedTopicConfig {
  const value = (name: string) => {
    const entry = entries.find((e) => e.configName === name);
    if (!entry) throw new Error(`the broker did not report ${name} of topic ${topic}`);
    return entry.configValue;
  };
  const retention = Number(value('retention.ms'));
  const policies = value('cleanup.policy')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .sort();
  const cleanupPolicy = policies.join(',');
  if (cleanupPolicy !== 'delete' && cleanupPolicy !== 'compact' && cleanupPolicy !== 'compact,delete') {
    throw new Error(`topic ${topic} has a cleanup.policy the port does not know: ${cleanupPolicy}`);
  }
  return {
    retentionMs: retention < 0 ? null : retention,
    cleanupPolicy,
    deleteRetentionMs: Number(value('delete.retention.ms')),
  };
}
