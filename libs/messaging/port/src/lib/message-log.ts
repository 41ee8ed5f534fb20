/**
 * The message log port: topics split into partitions, records ordered per
 * partition, consumer groups that share the partitions and commit how far
 * they got, and group-less readers for tables every process holds whole.
 * Apache Kafka is the production adapter; a SQLite file is the embedded one
 * for a single process. Both pass the same contract suite
 * (`@regicam/messaging/testing`).
 *
 * Delivery is at least once: an offset is committed only after the handler
 * that got its record has returned, so a crash before that redelivers it.
 * Handlers therefore write idempotently (event id, transaction id, job id).
 */

export type MessageHeaders = Record<string, string>;

/** A record to append. The key decides the partition, hence the order. */
export type OutgoingMessage = {
  key: string | null;
  /** An empty value in a compacted topic is a tombstone: the key is removed once the tombstone is old enough. */
  value: Buffer | string;
  headers?: MessageHeaders;
  /** The record's time in milliseconds since the epoch (Kafka: CreateTime); the append time when absent. */
  timestamp?: number;
};

/** A record as a consumer receives it. `offset` is a decimal string. */
export type ConsumedRecord = {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer;
  headers: MessageHeaders;
  /** The record's time in milliseconds since the epoch: the sender's `timestamp`, else when it was appended. */
  timestamp: number;
};

/** Consecutive records of one partition, in offset order. */
export type RecordBatch = {
  topic: string;
  partition: number;
  records: ConsumedRecord[];
};

/**
 * Processes a batch. Returning marks every record of it processed (a group
 * consumer commits them, a reader moves on). Throwing
 * `UnprocessableRecordError` in a group consumer sends that record to the
 * dead-letter topic and goes on after it (the records before it count as
 * processed); any other error, and every error in a reader, is taken as
 * passing (a store that is down) and the batch is handed over again after a
 * backoff, nothing committed.
 */
export type BatchHandler = (batch: RecordBatch) => Promise<void>;

export type TopicPartition = { topic: string; partition: number };

/** For a commit, `offset` names the next record to read (as Kafka commits). */
export type TopicPartitionOffset = TopicPartition & { offset: string };

export type PartitionOffset = { partition: number; offset: string };

export type CleanupPolicy = 'delete' | 'compact';

/** What a topic keeps. Fields left out are the log's defaults (Kafka: the broker's). */
export type TopicConfig = {
  /** How long records are kept, in milliseconds (Kafka `retention.ms`); null keeps them forever. Delete policy only. */
  retentionMs?: number | null;
  /** `delete`: records go once older than the retention; `compact`: only the newest record of each key stays. */
  cleanupPolicy?: CleanupPolicy;
  /** Compacted topics: how long a tombstone stays before its key is gone (Kafka `delete.retention.ms`). */
  deleteRetentionMs?: number;
};

export type TopicSpec = { name: string; partitions: number; config?: TopicConfig };

/** A topic's config as the log reports it, every field filled in. */
export type ReportedTopicConfig = {
  retentionMs: number | null;
  /** Kafka may also report both policies at once. */
  cleanupPolicy: CleanupPolicy | 'compact,delete';
  deleteRetentionMs: number;
};

export type TopicDescription =
  { name: string; exists: false } | { name: string; exists: true; partitions: number; config: ReportedTopicConfig };

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
  /**
   * `after-handler` (default): the offsets of a batch are committed once its
   * handler has returned. `manual`: a returning handler only moves the fetch
   * position on; offsets are committed by `consumer.commit()` alone, and
   * nothing else is ever committed (not on revoke, not on stop).
   */
  commit?: 'after-handler' | 'manual';
  /**
   * `after-handler` mode: the longest a processed offset waits to be
   * committed together with the next ones (default 200 ms; 0 commits after
   * every batch). Waiting offsets are committed before a partition is given
   * up (stop, rebalance); a crash redelivers at most what was processed in
   * that time.
   */
  commitIntervalMs?: number;
  /**
   * These partitions became this member's. Called before the first batch of
   * them is handed over (the member waits for it, keeping its membership
   * alive); an error is retried with the backoff.
   */
  onAssigned?: (partitions: TopicPartition[]) => Promise<void> | void;
  /**
   * These partitions are no longer this member's (a rebalance, or stop):
   * called after the group moved them, once no batch of them is in hand.
   * Nothing of them can be committed any more; what was not committed is
   * delivered again to their next owner.
   */
  onRevoked?: (partitions: TopicPartition[]) => Promise<void> | void;
};

export interface MessageConsumer {
  /** Joins the group and starts handing over batches; resolves once consuming. */
  start(): Promise<void>;
  /**
   * Leaves the group once the batch in hand is done or abandoned. In
   * `after-handler` mode the processed offsets are committed first. What was
   * not committed is delivered again to whoever takes the partition over.
   */
  stop(): Promise<void>;
  /** Stops fetching from these topics (all when none are named) until resumed. */
  pause(topics?: string[]): void;
  resume(topics?: string[]): void;
  /**
   * `manual` mode only: commits these offsets (each the next record to read
   * of a partition this member owns, at most one past the last record its
   * handler returned from) and resolves once they are durable. Rejects,
   * committing nothing, when a partition is not this member's or an offset
   * is past what was processed.
   */
  commit(offsets: TopicPartitionOffset[]): Promise<void>;
}

/** Where a reader starts in a partition. */
export type ReaderStart = 'earliest' | 'latest' | { offset: string } | { timestamp: number };

export type ReaderOptions = {
  topic: string;
  handler: BatchHandler;
  /** The most records handed over in one batch (default 500). */
  maxBatchSize?: number;
  /** Backoff after a failing batch, as for consumers (defaults 200 and 10 000). */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
};

/**
 * Reads the partitions it is told to, from where it is told to, in every
 * process alike: a global table (every instance reads every partition) or a
 * buffer of the partitions a group consumer owns. It belongs to no consumer
 * group's sharing and never commits anything; `position()` is where it is.
 */
export interface MessageReader {
  start(): Promise<void>;
  /** Resolves once the batch in hand is done or abandoned. */
  stop(): Promise<void>;
  /** Starts (or restarts) reading a partition; resolves once its position is known. */
  assign(partition: number, from: ReaderStart): Promise<void>;
  /** Stops reading a partition; resolves once no batch of it is in hand. */
  unassign(partition: number): Promise<void>;
  /** The partitions assigned, in order. */
  assigned(): number[];
  /**
   * The offset of the next record it will hand over from this partition
   * (one past the last record whose handler returned, or past the records
   * deleted after it); undefined when the partition is not assigned.
   */
  position(partition: number): string | undefined;
}

export interface MessageLog {
  /** Creates the topics that do not exist yet, with their config; existing ones are left as they are. */
  createTopics(topics: TopicSpec[]): Promise<void>;
  /** Whether each topic exists, and its partitions and config as the log reports them, in the order asked. */
  describeTopics(names: string[]): Promise<TopicDescription[]>;
  /** Changes the config fields given; the others stay as they are. The topics must exist. */
  alterTopicConfigs(topics: { name: string; config: TopicConfig }[]): Promise<void>;
  /**
   * Grows topics to this many partitions (never shrinks: that is refused).
   * Keys then map to other partitions: grow co-partitioned topics together.
   */
  createPartitions(topics: { name: string; partitions: number }[]): Promise<void>;
  /** Appends the messages; resolves once they are durable. */
  send(topic: string, messages: OutgoingMessage[]): Promise<void>;
  /** Per partition, the offset the next record appended will get (Kafka's high watermark). */
  endOffsets(topic: string): Promise<PartitionOffset[]>;
  /** Per partition, the first offset whose record's timestamp is at or after `timestamp`; the end offset when none is. */
  offsetsForTimestamp(topic: string, timestamp: number): Promise<PartitionOffset[]>;
  consumer(options: ConsumerOptions): MessageConsumer;
  reader(options: ReaderOptions): MessageReader;
  /** Stops every consumer and reader made here and releases connections. */
  close(): Promise<void>;
}
