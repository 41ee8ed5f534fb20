/**
 * The message log port: topics split into partitions, records ordered per
 * partition, consumer groups that share the partitions and commit how far
 * they got. Apache Kafka is the production adapter; a SQLite file is the
 * embedded one for a single process. Both pass the same contract suite
 * (`@regicam/messaging/testing`).
 *
 * Delivery is at least once: a record is committed only after the handler
 * that got it has returned, so a crash before that redelivers it. Handlers
 * therefore write idempotently (event id, transaction id, job id).
 */

export type MessageHeaders = Record<string, string>;

/** A record to append. The key decides the partition, hence the order. */
export type OutgoingMessage = {
  key: string | null;
  value: Buffer | string;
  headers?: MessageHeaders;
};

/** A record as a consumer receives it. `offset` is a decimal string. */
export type ConsumedRecord = {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer;
  headers: MessageHeaders;
  /** When the record was appended, in milliseconds since the epoch. */
  timestamp: number;
};

/** Consecutive records of one partition, in offset order. */
export type RecordBatch = {
  topic: string;
  partition: number;
  records: ConsumedRecord[];
};

/**
 * Processes a batch. Returning commits every record of it. Throwing
 * `UnprocessableRecordError` sends that record to the dead-letter topic and
 * goes on after it (the records before it count as processed); any other
 * error is taken as passing (a store that is down) and the batch is retried
 * with backoff, without committing.
 */
export type BatchHandler = (batch: RecordBatch) => Promise<void>;

export type TopicSpec = { name: string; partitions: number };

export type ConsumerOptions = {
  /** Members of one group share the partitions; each record goes to one member. */
  groupId: string;
  topics: string[];
  handler: BatchHandler;
  /** Where a new group starts: the first record kept (default) or the next one appended. */
  fromBeginning?: boolean;
  /** The most records handed over in one batch (default 500). */
  maxBatchSize?: number;
  /** Backoff after a failing batch, doubled up to `maxRetryDelayMs` (defaults 200 and 10 000). */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
};

export interface MessageConsumer {
  /** Joins the group and starts handing over batches; resolves once consuming. */
  start(): Promise<void>;
  /**
   * Leaves the group once the batch in hand is done or abandoned. What was
   * not committed is delivered again to whoever takes the partition over.
   */
  stop(): Promise<void>;
  /** Stops fetching from these topics (all when none are named) until resumed. */
  pause(topics?: string[]): void;
  resume(topics?: string[]): void;
}

export interface MessageLog {
  /** Creates the topics that do not exist yet; existing ones are left as they are. */
  createTopics(topics: TopicSpec[]): Promise<void>;
  /** Appends the messages; resolves once they are durable. */
  send(topic: string, messages: OutgoingMessage[]): Promise<void>;
  consumer(options: ConsumerOptions): MessageConsumer;
  /** Stops every consumer made here and releases connections. */
  close(): Promise<void>;
}
