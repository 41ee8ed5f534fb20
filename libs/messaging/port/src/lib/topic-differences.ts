import type { MessageLog, ReportedTopicConfig, TopicConfig, TopicDescription, TopicSpec } from './message-log';

/**
 * How a difference between a wanted topic and the one the log has can be
 * fixed: `create` the topic, `alter-config`, `add-partitions` (possible, but
 * it moves keys to other partitions), or only by hand (`manual`: partitions
 * cannot be removed).
 */
export type TopicFix = 'create' | 'alter-config' | 'add-partitions' | 'manual';

export type TopicDifference = {
  topic: string;
  field: 'exists' | 'partitions' | 'retentionMs' | 'cleanupPolicy' | 'deleteRetentionMs';
  /** The difference in words, for a log line or an operator. */
  message: string;
  fix: TopicFix;
};

const UNITS: [number, string][] = [
  [24 * 60 * 60 * 1000, 'day'],
  [60 * 60 * 1000, 'hour'],
  [60 * 1000, 'minute'],
  [1000, 'second'],
];

/** A duration in words: `30 days`, `12 hours`, `1500 ms`; null is `forever`. */
export function describeDuration(ms: number | null): string {
  if (ms === null) return 'forever';
  for (const [size, unit] of UNITS) {
    if (ms >= size && ms % size === 0) return `${ms / size} ${unit}${ms === size ? '' : 's'}`;
  }
  return `${ms} ms`;
}

function describeSpec(spec: TopicSpec): string {
  const c = spec.config ?? {};
  const parts = [`${spec.partitions} partition${spec.partitions === 1 ? '' : 's'}`];
  if (c.cleanupPolicy) parts.push(`cleanup ${c.cleanupPolicy}`);
  if (c.retentionMs !== undefined) parts.push(`retention ${describeDuration(c.retentionMs)}`);
  if (c.deleteRetentionMs !== undefined) parts.push(`tombstones kept ${describeDuration(c.deleteRetentionMs)}`);
  return parts.join(', ');
}

/** The config fields compared, and how a difference in each is said. */
const CONFIG_FIELDS: { field: keyof TopicConfig & keyof ReportedTopicConfig; says: string }[] = [
  { field: 'cleanupPolicy', says: 'has cleanup policy' },
  { field: 'retentionMs', says: 'keeps records' },
  { field: 'deleteRetentionMs', says: 'keeps tombstones' },
];

const inWords = (value: string | number | null) => (typeof value === 'string' ? value : describeDuration(value));

function configDifferences(name: string, wanted: TopicConfig, actual: ReportedTopicConfig): TopicDifference[] {
  return CONFIG_FIELDS.flatMap(({ field, says }): TopicDifference[] => {
    const want = wanted[field];
    if (want === undefined || want === actual[field]) return [];
    const message = `topic ${name} ${says} ${inWords(actual[field])} where ${inWords(want)} is wanted`;
    return [{ topic: name, field, message, fix: 'alter-config' }];
  });
}

/**
 * Every difference between the wanted topics and what the log describes,
 * in the order of `wanted`: a missing topic, a partition count, and each
 * config field the spec names (fields it leaves out are not compared).
 */
export function topicDifferences(wanted: TopicSpec[], described: TopicDescription[]): TopicDifference[] {
  const byName = new Map(described.map((d) => [d.name, d]));
  const out: TopicDifference[] = [];
  for (const spec of wanted) {
    const actual = byName.get(spec.name);
    if (!actual || !actual.exists) {
      out.push({
        topic: spec.name,
        field: 'exists',
        message: `topic ${spec.name} is missing (wanted: ${describeSpec(spec)})`,
        fix: 'create',
      });
      continue;
    }
    if (actual.partitions < spec.partitions) {
      out.push({
        topic: spec.name,
        field: 'partitions',
        message:
          `topic ${spec.name} has ${actual.partitions} partitions where ${spec.partitions} are wanted: ` +
          'partitions can be added (createPartitions), but keys then map to other partitions, ' +
          'so grow co-partitioned topics together while their producers are stopped',
        fix: 'add-partitions',
      });
    } else if (actual.partitions > spec.partitions) {
      out.push({
        topic: spec.name,
        field: 'partitions',
        message:
          `topic ${spec.name} has ${actual.partitions} partitions where ${spec.partitions} are wanted: ` +
          'partitions cannot be removed; recreate the topic by hand or configure ' +
          `${actual.partitions} partitions`,
        fix: 'manual',
      });
    }
    out.push(...configDifferences(spec.name, spec.config ?? {}, actual.config));
  }
  return out;
}

/**
 * Brings the log's topics to the wanted specs as far as is safe to do
 * unattended, and returns what is left to do by hand:
 * 1. describe the topics and list the differences;
 * 2. create the missing topics, with their config;
 * 3. alter the config fields that differ;
 * 4. return the partition differences: adding partitions moves keys, so
 *    that stays an operator's decision (`createPartitions`).
 */
export async function ensureTopics(log: MessageLog, wanted: TopicSpec[]): Promise<TopicDifference[]> {
  const differences = topicDifferences(wanted, await log.describeTopics(wanted.map((t) => t.name)));
  const missing = new Set(differences.filter((d) => d.fix === 'create').map((d) => d.topic));
  const altered = new Set(differences.filter((d) => d.fix === 'alter-config').map((d) => d.topic));
  if (missing.size > 0) await log.createTopics(wanted.filter((t) => missing.has(t.name)));
  if (altered.size > 0) {
    await log.alterTopicConfigs(
      wanted.filter((t) => altered.has(t.name)).map((t) => ({ name: t.name, config: t.config ?? {} })),
    );
  }
  return differences.filter((d) => d.fix === 'add-partitions' || d.fix === 'manual');
}
