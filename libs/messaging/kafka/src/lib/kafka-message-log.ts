import {
  checkMessages,
  checkPartitionCount,
  checkTopicConfig,
  checkTopicSpecs,
  deadLetterTopicSpec,
  type ConsumerOptions,
  type MessageConsumer,
  type MessageLog,
  type MessageReader,
  type OutgoingMessage,
  type PartitionOffset,
  type ReaderOptions,
  type ReaderStart,
  type TopicConfig,
  type TopicDescription,
  type TopicSpec,
} from '@regicam/messaging';
import { ConfigResourceTypes, ConfigSource, Kafka, logLevel, type Admin, type Consumer, type Producer } from 'kafkajs';
import { KAFKA_CONFIG_NAMES, fromKafkaConfig, toKafkaConfig } from './kafka-config';
import { KafkaConsumer } from './kafka-consumer';
import { KafkaReader } from './kafka-reader';

export type KafkaMessageLogOptions = {
  brokers: string[];
  clientId?: string;
  /** Replication factor of the topics created here (default: the broker's default). */
  replicationFactor?: number;
  /** Receives the adapter's warnings (retries, rebalances); silent by default. */
  log?: (level: 'warn' | 'error', message: string) => void;
  /** Consumer group timings; the defaults suit a small cluster. */
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  /** How long a fetch waits on the broker for new records (default 1000 ms); also bounds how long stop() takes. */
  maxWaitMs?: number;
};

const byPartition = (a: { partition: number }, b: { partition: number }) => a.partition - b.partition;

/**
 * The message log on Apache Kafka (kafkajs): consumer groups share the
 * partitions, offsets are committed by hand after the handler's writes
 * (coalesced over a short interval), and the producer is idempotent with
 * acks from all in-sync replicas.
 */
export class KafkaMessageLog implements MessageLog {
  private readonly kafka: Kafka;
  private producer?: Promise<Producer>;
  private admin?: Promise<Admin>;
  private readonly retiredAdmins = new Set<Admin>();
  private readonly consumers = new Set<KafkaConsumer>();
  private readonly readers = new Set<KafkaReader>();

  constructor(private readonly options: KafkaMessageLogOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId ?? 'regicam',
      brokers: options.brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5000 },
    });
  }

  async createTopics(topics: TopicSpec[]): Promise<void> {
    checkTopicSpecs(topics);
    const admin = await this.connectedAdmin();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.name));
    if (missing.length === 0) return;
    // 1. Create; a topic another process creates at the same time is no error.
    await admin
      .createTopics({
        waitForLeaders: false,
        topics: missing.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions,
          replicationFactor: this.options.replicationFactor ?? -1,
          configEntries: toKafkaConfig(t.config),
        })),
      })
      .catch((error: unknown) => {
        if (!isKafkaError(error, 'TOPIC_ALREADY_EXISTS')) throw error;
      });
    // 2. Wait until every partition has a leader: a broker answers "unknown
    //    topic" for a moment after creating it, while the metadata spreads.
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const { topics: found } = await admin.fetchTopicMetadata({ topics: missing.map((t) => t.name) });
        if (found.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
      } catch (error) {
        if (!isKafkaError(error, 'UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE')) throw error;
      }
      if (Date.now() > deadline)
        throw new Error(`topics ${missing.map((t) => t.name).join(', ')} have no leader after 30 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async describeTopics(names: string[]): Promise<TopicDescription[]> {
    const admin = await this.connectedAdmin();
    const existing = new Set(await admin.listTopics());
    const present = names.filter((n) => existing.has(n));
    if (present.length === 0) return names.map((name) => ({ name, exists: false }));
    const [{ topics }, { resources }] = await Promise.all([
      admin.fetchTopicMetadata({ topics: present }),
      admin.describeConfigs({
        includeSynonyms: false,
        resources: present.map((name) => ({
          type: ConfigResourceTypes.TOPIC,
          name,
          configNames: [...KAFKA_CONFIG_NAMES],
        })),
      }),
    ]);
    return names.map((name): TopicDescription => {
      const metadata = topics.find((t) => t.name === name);
      const configs = resources.find((r) => r.resourceName === name);
      if (!existing.has(name) || !metadata || !configs) return { name, exists: false };
      return {
        name,
        exists: true,
        partitions: metadata.partitions.length,
        config: fromKafkaConfig(name, configs.configEntries),
      };
    });
  }

  /**
   * Kafka's AlterConfigs replaces a topic's whole set of topic-level
   * configs, so the ones set on the topic now are sent along with the
   * changed ones, and nothing else is reset.
   */
  async alterTopicConfigs(topics: { name: string; config: TopicConfig }[]): Promise<void> {
    topics.forEach((t) => checkTopicConfig(t.name, t.config));
    const admin = await this.connectedAdmin();
    await this.mustExist(topics.map((t) => t.name));
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: topics.map((t) => ({ type: ConfigResourceTypes.TOPIC, name: t.name })),
    });
    await admin.alterConfigs({
      validateOnly: false,
      resources: topics.map((t) => {
        const set = (resources.find((r) => r.resourceName === t.name)?.configEntries ?? [])
          .filter((e) => e.configSource === ConfigSource.TOPIC_CONFIG)
          .map((e) => ({ name: e.configName, value: e.configValue }));
        const changed = toKafkaConfig(t.config);
        return {
          type: ConfigResourceTypes.TOPIC,
          name: t.name,
          configEntries: [...set.filter((e) => !changed.some((c) => c.name === e.name)), ...changed],
        };
      }),
    });
  }

  async createPartitions(topics: { name: string; partitions: number }[]): Promise<void> {
    topics.forEach((t) => checkPartitionCount(t.name, t.partitions));
    const described = await this.describeTopics(topics.map((t) => t.name));
    const grow: { topic: string; count: number }[] = [];
    for (const t of topics) {
      const d = described.find((x) => x.name === t.name);
      if (!d?.exists) throw new Error(`topic ${t.name} does not exist`);
      if (t.partitions < d.partitions) {
        throw new Error(`topic ${t.name} has ${d.partitions} partitions: partitions cannot be removed`);
      }
      if (t.partitions > d.partitions) grow.push({ topic: t.name, count: t.partitions });
    }
    if (grow.length > 0) await (await this.connectedAdmin()).createPartitions({ topicPartitions: grow });
  }

  async send(topic: string, messages: OutgoingMessage[]): Promise<void> {
    checkMessages(topic, messages);
    if (messages.length === 0) return;
    const producer = await this.connectedProducer();
    await producer.send({
      topic,
      acks: -1,
      messages: messages.map((m) => ({
        key: m.key,
        // An empty value goes as Kafka's null value: a tombstone in a compacted topic.
        value: m.value.length === 0 ? null : m.value,
        headers: m.headers,
        timestamp: m.timestamp === undefined ? undefined : String(m.timestamp),
      })),
    });
  }

  async endOffsets(topic: string): Promise<PartitionOffset[]> {
    const offsets = await this.offsets((admin) => admin.fetchTopicOffsets(topic));
    return offsets.map((o) => ({ partition: o.partition, offset: o.high })).sort(byPartition);
  }

  async offsetsForTimestamp(topic: string, timestamp: number): Promise<PartitionOffset[]> {
    const offsets = await this.offsets((admin) => admin.fetchTopicOffsetsByTimestamp(topic, timestamp));
    return offsets.map((o) => ({ partition: o.partition, offset: o.offset })).sort(byPartition);
  }

  consumer(options: ConsumerOptions): MessageConsumer {
    const consumer = new KafkaConsumer(this, options, (c) => this.consumers.delete(c));
    this.consumers.add(consumer);
    return consumer;
  }

  reader(options: ReaderOptions): MessageReader {
    const reader = new KafkaReader(this, options, (r) => this.readers.delete(r));
    this.readers.add(reader);
    return reader;
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.stop()));
    await Promise.all([...this.readers].map((r) => r.stop()));
    if (this.producer) await (await this.producer).disconnect();
    if (this.admin) await (await this.admin).disconnect();
    await Promise.all([...this.retiredAdmins].map((a) => a.disconnect().catch(() => undefined)));
    this.retiredAdmins.clear();
    this.producer = undefined;
    this.admin = undefined;
  }

  // ---- used by the consumers and readers of this log ----

  /** @internal */
  get clientId(): string {
    return this.options.clientId ?? 'regicam';
  }

  /** @internal */
  get heartbeatIntervalMs(): number {
    return this.options.heartbeatIntervalMs ?? 1_000;
  }

  /** @internal */
  warn(message: string): void {
    this.options.log?.('warn', message);
  }

  /** @internal A kafkajs consumer of a group, with this log's timings. */
  kafkaConsumer(groupId: string): Consumer {
    return this.kafka.consumer({
      groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: this.heartbeatIntervalMs,
      rebalanceTimeout: 30_000,
      maxWaitTimeInMs: this.options.maxWaitMs ?? 1_000,
      allowAutoTopicCreation: false,
      maxBytesPerPartition: 1_048_576,
    });
  }

  /** @internal Makes sure the dead-letter topic of each topic exists. */
  async ensureDeadLetterTopics(topics: string[]): Promise<void> {
    await this.createTopics(topics.map(deadLetterTopicSpec));
  }

  /**
   * @internal A group that starts at the end begins after what the topic
   * holds now: its partitions without a committed offset get the current
   * end committed, before the group first fetches (kafkajs would otherwise
   * look the end up later, and skip what was appended in between).
   */
  async startAtEnd(groupId: string, topics: string[]): Promise<void> {
    const admin = await this.connectedAdmin();
    const committed = await admin.fetchOffsets({ groupId, topics });
    for (const { topic, partitions } of committed) {
      const uncommitted = new Set(partitions.filter((p) => p.offset === '-1').map((p) => p.partition));
      if (uncommitted.size === 0) continue;
      const ends = await this.offsets((a) => a.fetchTopicOffsets(topic));
      await admin.setOffsets({
        groupId,
        topic,
        partitions: ends
          .filter((e) => uncommitted.has(e.partition))
          .map((e) => ({ partition: e.partition, offset: e.high })),
      });
    }
  }

  /** @internal The offset a reader starting there hands over first. */
  async startOffset(topic: string, partition: number, from: ReaderStart): Promise<bigint> {
    const offsets = await this.offsets((a) => a.fetchTopicOffsets(topic));
    const here = offsets.find((o) => o.partition === partition);
    if (!here) throw new Error(`topic ${topic} has no partition ${partition} (it has ${offsets.length})`);
    if (from === 'latest') return BigInt(here.high);
    if (from === 'earliest') return BigInt(here.low);
    if ('timestamp' in from) {
      const byTime = await this.offsets((a) => a.fetchTopicOffsetsByTimestamp(topic, from.timestamp));
      return BigInt(byTime.find((o) => o.partition === partition)?.offset ?? here.high);
    }
    if (!/^\d+$/.test(from.offset)) throw new Error(`offset must be a decimal string, got ${from.offset}`);
    if (BigInt(from.offset) > BigInt(here.high)) {
      throw new Error(`offset ${from.offset} is past the end (${here.high}) of ${topic}/${partition}`);
    }
    return BigInt(from.offset);
  }

  /** @internal Removes a reader's group, which never committed anything. */
  /** Deletes these topics where they exist (tests and tools that made them). */
  async deleteTopics(names: string[]): Promise<void> {
    const admin = await this.connectedAdmin();
    const existing = new Set(await admin.listTopics());
    const topics = names.filter((n) => existing.has(n));
    if (topics.length > 0) await admin.deleteTopics({ topics });
  }

  async deleteGroup(groupId: string): Promise<void> {
    await (await this.connectedAdmin()).deleteGroups([groupId]);
  }

  private async mustExist(names: string[]): Promise<void> {
    const existing = new Set(await (await this.connectedAdmin()).listTopics());
    const missing = names.filter((n) => !existing.has(n));
    if (missing.length > 0) throw new Error(`topic ${missing.join(', ')} does not exist`);
  }

  /**
   * An offsets request of the admin client, asked again while the topic is
   * not ready for it, as right after it was created: kafkajs retries these
   * only for an unknown topic, and gives up at once on a partition without
   * a leader; and an admin that read the topic's metadata before its
   * partitions existed keeps that (it fails inside kafkajs with a
   * TypeError) until its metadata ages, so it is replaced by a new one.
   * Eight more attempts, 100 ms doubling to 2 s (about 10 s in all); then
   * the last error.
   */
  private async offsets<T>(request: (admin: Admin) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const admin = await this.connectedAdmin();
      try {
        return await request(admin);
      } catch (error) {
        const staleMetadata = error instanceof TypeError;
        if (attempt >= 8 || !(staleMetadata || isKafkaError(error, ...LEADERLESS))) throw error;
        // Requests in flight on the stale admin finish; it is disconnected when the log closes.
        if (staleMetadata && this.admin) {
          this.retiredAdmins.add(admin);
          this.admin = undefined;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 100 * 2 ** attempt)));
      }
    }
  }

  private connectedProducer(): Promise<Producer> {
    this.producer ??= (async () => {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      await producer.connect();
      return producer;
    })();
    return this.producer;
  }

  private connectedAdmin(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    return this.admin;
  }
}

/** Whether a kafkajs error (or one it wraps) is of one of these Kafka error types. */
function isKafkaError(error: unknown, ...types: string[]): boolean {
  const e = error as { type?: string; errors?: unknown[] } | null;
  if (e?.type && types.includes(e.type)) return true;
  return Array.isArray(e?.errors) && e.errors.some((inner) => isKafkaError(inner, ...types));
}

/** The Kafka error types of a partition whose leader is not elected (yet), as right after its topic is created. */
const LEADERLESS = ['NOT_LEADER_OR_FOLLOWER', 'NOT_LEADER_FOR_PARTITION', 'LEADER_NOT_AVAILABLE'];
