import {
  runBatch,
  deadLetterTopic,
  type ConsumedRecord,
  type ConsumerOptions,
  type MessageConsumer,
  type MessageHeaders,
  type MessageLog,
  type OutgoingMessage,
  type TopicSpec,
} from '@regicam/messaging';
import { Kafka, logLevel, type Admin, type Consumer, type IHeaders, type KafkaMessage, type Producer } from 'kafkajs';

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

/**
 * The message log on Apache Kafka (kafkajs): consumer groups share the
 * partitions, offsets are committed by hand after the handler's writes, and
 * the producer is idempotent with acks from all in-sync replicas.
 */
export class KafkaMessageLog implements MessageLog {
  private readonly kafka: Kafka;
  private producer?: Promise<Producer>;
  private admin?: Promise<Admin>;
  private readonly consumers = new Set<KafkaConsumer>();

  constructor(private readonly options: KafkaMessageLogOptions) {
    this.kafka = new Kafka({
      clientId: options.clientId ?? 'regicam',
      brokers: options.brokers,
      logLevel: logLevel.NOTHING,
      retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5000 },
    });
  }

  async createTopics(topics: TopicSpec[]): Promise<void> {
    const admin = await this.connectedAdmin();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.name));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((t) => ({
        topic: t.name,
        numPartitions: t.partitions,
        replicationFactor: this.options.replicationFactor ?? -1,
      })),
    });
  }

  async send(topic: string, messages: OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const producer = await this.connectedProducer();
    await producer.send({
      topic,
      acks: -1,
      messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
    });
  }

  consumer(options: ConsumerOptions): MessageConsumer {
    const consumer = new KafkaConsumer(this, this.kafka, options, this.options, (c) => this.consumers.delete(c));
    this.consumers.add(consumer);
    return consumer;
  }

  async close(): Promise<void> {
    await Promise.all([...this.consumers].map((c) => c.stop()));
    if (this.producer) await (await this.producer).disconnect();
    if (this.admin) await (await this.admin).disconnect();
    this.producer = undefined;
    this.admin = undefined;
  }

  /** Makes sure the dead-letter topic of each topic exists. */
  async ensureDeadLetterTopics(topics: string[]): Promise<void> {
    await this.createTopics(topics.map((t) => ({ name: deadLetterTopic(t), partitions: 1 })));
  }

  /**
   * A group that starts at the end begins after what the topic holds now:
   * its partitions without a committed offset get the current end
   * committed, before the group first fetches (kafkajs would otherwise look
   * the end up later, and skip what was appended in between).
   */
  async startAtEnd(groupId: string, topics: string[]): Promise<void> {
    const admin = await this.connectedAdmin();
    const committed = await admin.fetchOffsets({ groupId, topics });
    for (const { topic, partitions } of committed) {
      const uncommitted = new Set(partitions.filter((p) => p.offset === '-1').map((p) => p.partition));
      if (uncommitted.size === 0) continue;
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({
        groupId,
        topic,
        partitions: ends
          .filter((e) => uncommitted.has(e.partition))
          .map((e) => ({ partition: e.partition, offset: e.high })),
      });
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

class KafkaConsumer implements MessageConsumer {
  private consumer?: Consumer;
  private stopping?: Promise<void>;
  private readonly paused = new Set<string>();

  constructor(
    private readonly log: KafkaMessageLog,
    private readonly kafka: Kafka,
    private readonly options: ConsumerOptions,
    private readonly logOptions: KafkaMessageLogOptions,
    private readonly onStopped: (c: KafkaConsumer) => void,
  ) {}

  async start(): Promise<void> {
    const { groupId, topics, handler } = this.options;
    await this.log.ensureDeadLetterTopics(topics);
    if (this.options.fromBeginning === false) await this.log.startAtEnd(groupId, topics);
    const consumer = this.kafka.consumer({
      groupId,
      sessionTimeout: this.logOptions.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: this.logOptions.heartbeatIntervalMs ?? 1_000,
      rebalanceTimeout: 30_000,
      maxWaitTimeInMs: this.logOptions.maxWaitMs ?? 1_000,
      allowAutoTopicCreation: false,
      maxBytesPerPartition: 1_048_576,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: this.options.fromBeginning ?? true });
    const maxBatch = this.options.maxBatchSize ?? 500;
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 1,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        // kafkajs hands over what one fetch returned; split it so that a
        // handler never gets more than maxBatchSize records at once.
        const all = batch.messages.map((m) => toRecord(batch.topic, batch.partition, m));
        for (let i = 0; i < all.length; i += maxBatch) {
          const done = await runBatch(batch.topic, batch.partition, all.slice(i, i + maxBatch), {
            groupId,
            handler,
            stillOwned: () => isRunning() && !isStale(),
            commit: async (record) => {
              resolveOffset(record.offset);
              // Committed offsets name the next record to read.
              await consumer.commitOffsets([
                { topic: record.topic, partition: record.partition, offset: (BigInt(record.offset) + 1n).toString() },
              ]);
            },
            sendDeadLetter: (message) => this.log.send(deadLetterTopic(batch.topic), [message]),
            heartbeat: () => heartbeat(),
            retryDelayMs: this.options.retryDelayMs ?? 200,
            maxRetryDelayMs: this.options.maxRetryDelayMs ?? 10_000,
            onRetry: (error, attempt, delay) =>
              this.logOptions.log?.(
                'warn',
                `group ${groupId}: batch of ${batch.topic}/${batch.partition} failed (attempt ${attempt}), retrying in ${delay} ms: ${String(error)}`,
              ),
          });
          if (!done) return;
        }
      },
    });
    if (this.paused.size > 0) consumer.pause([...this.paused].map((topic) => ({ topic })));
    await joined;
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.consumer?.disconnect();
      this.onStopped(this);
    })();
    return this.stopping;
  }

  pause(topics?: string[]): void {
    const chosen = topics ?? this.options.topics;
    chosen.forEach((t) => this.paused.add(t));
    this.consumer?.pause(chosen.map((topic) => ({ topic })));
  }

  resume(topics?: string[]): void {
    const chosen = topics ?? this.options.topics;
    chosen.forEach((t) => this.paused.delete(t));
    this.consumer?.resume(chosen.map((topic) => ({ topic })));
  }
}

function toRecord(topic: string, partition: number, m: KafkaMessage): ConsumedRecord {
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
