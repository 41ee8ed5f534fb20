import type { z } from 'zod';
import { RecordHeaders, RelayedRecordHeaders } from './headers';
import { CameraFramesValue, cameraTimeOf } from './values/camera-frames';
import { JoinByCameraValue } from './values/join-by-camera';
import { LinksValue } from './values/links';
import { ThumbnailJobsValue } from './values/thumbnail-jobs';
import { ThumbnailsValue } from './values/thumbnails';
import { TransactionsValue } from './values/transactions';

/** The name of every topic, by short id. */
export const TOPIC = {
  links: 'regicam.links.v1',
  transactions: 'regicam.transactions.v1',
  cameraFrames: 'regicam.camera-frames.v1',
  joinByCamera: 'regicam.join.by-camera',
  thumbnailJobs: 'regicam.thumbnail-jobs.v1',
  thumbnails: 'regicam.thumbnails.v1',
} as const;
export type TopicId = keyof typeof TOPIC;
export type TopicName = (typeof TOPIC)[TopicId];

/** The value of each topic, by name. */
export type TopicValues = {
  [TOPIC.links]: LinksValue;
  [TOPIC.transactions]: TransactionsValue;
  [TOPIC.cameraFrames]: CameraFramesValue;
  [TOPIC.joinByCamera]: JoinByCameraValue;
  [TOPIC.thumbnailJobs]: ThumbnailJobsValue;
  [TOPIC.thumbnails]: ThumbnailsValue;
};
export type TopicValue<N extends TopicName> = TopicValues[N];

/** The dead-letter topic of a topic: where its consumers put the records they cannot process. */
export function dlqTopic(name: string): string {
  return `${name}.dlq`;
}

export type CleanupPolicy = 'delete' | 'compact';

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_PARTITIONS = 6;
export const DEAD_LETTER_PARTITIONS = 1;
export const DEAD_LETTER_RETENTION_MS = 30 * DAY_MS;
export const DEFAULT_TRANSACTION_RETENTION_MS = 30 * DAY_MS;

/** What is agreed about one topic: its name, key, value, headers, who writes and reads it, how long it is kept. */
export type TopicContract<V extends { type: string } = { type: string }> = {
  name: TopicName;
  summary: string;
  /** Public topics are a contract with analysts; internal ones may change with the code that uses them. */
  public: boolean;
  key: { description: string; example: string };
  value: z.ZodType<V>;
  /** The `type` of every value the topic carries. */
  types: readonly V['type'][];
  /** The headers' schema; the relayed topics' one has the position. */
  headers: typeof RecordHeaders | typeof RelayedRecordHeaders;
  /** The record key: records of one key keep their order (one partition). */
  keyOf(value: V): string;
  /** The `regicam-record-id` header: consumers drop a record whose id they have handled. */
  recordIdOf(value: V): string;
  /** The record timestamp (ms since the epoch) when the topic sets it, so that it can be sought by time. */
  timestampOf?(value: V): number;
  partitions: number;
  /** How long records are kept; null: forever. */
  retentionMs: number | null;
  cleanupPolicy: CleanupPolicy;
  producers: readonly string[];
  consumers: readonly string[];
};

type Catalogue = { [I in TopicId]: TopicContract<TopicValue<(typeof TOPIC)[I]>> };

/** The `type` of every member of a topic's union, in the union's order. */
const typesOf = <T extends string>(union: { options: readonly { shape: { type: z.ZodLiteral<T> } }[] }): T[] =>
  union.options.map((option) => option.shape.type.value);

const TERMINAL_KEY = {
  description: 'the terminal key <provider>:<contractId>:<terminalId>: records of one register stay in order',
  example: 'smaregi:demo:1',
};
const CAMERA_KEY = {
  description: "the camera's id in RegiCam: records of one camera stay in order",
  example: '5f0c6b1e-8d5a-4a8e-9f3b-2a7d1c9e4b60',
};

/** Every topic RegiCam writes, with its defaults (see `topicConfigs` for the configured partitions and retention). */
export const TOPICS: Catalogue = {
  links: {
    name: TOPIC.links,
    summary: 'Every link of a register to a camera, and its end: the whole history, kept forever.',
    public: true,
    key: TERMINAL_KEY,
    value: LinksValue,
    types: typesOf(LinksValue),
    headers: RelayedRecordHeaders,
    keyOf: (value) => value.terminalKey,
    recordIdOf: (value) => value.eventId,
    partitions: DEFAULT_PARTITIONS,
    retentionMs: null,
    cleanupPolicy: 'delete',
    producers: ['relay'],
    consumers: ['join', 'analysts'],
  },
  transactions: {
    name: TOPIC.transactions,
    summary: 'Every POS transaction RegiCam recorded: payments, cancels, modifications, deletions.',
    public: true,
    key: TERMINAL_KEY,
    value: TransactionsValue,
    types: typesOf(TransactionsValue),
    headers: RelayedRecordHeaders,
    keyOf: (value) => value.terminalKey,
    recordIdOf: (value) => value.eventId,
    partitions: DEFAULT_PARTITIONS,
    retentionMs: DEFAULT_TRANSACTION_RETENTION_MS,
    cleanupPolicy: 'delete',
    producers: ['relay'],
    consumers: ['join', 'analysts'],
  },
  cameraFrames: {
    name: TOPIC.cameraFrames,
    summary: 'Pictures the cameras took, recordings they hold, and when they connect and disconnect.',
    public: true,
    key: CAMERA_KEY,
    value: CameraFramesValue,
    types: typesOf(CameraFramesValue),
    headers: RecordHeaders,
    keyOf: (value) => value.cameraId,
    recordIdOf: (value) => `${value.cameraId}/${value.type}/${cameraTimeOf(value)}`,
    timestampOf: (value) => Date.parse(cameraTimeOf(value)),
    partitions: DEFAULT_PARTITIONS,
    retentionMs: 3 * DAY_MS,
    cleanupPolicy: 'delete',
    producers: ['camera-gateway'],
    consumers: ['join'],
  },
  joinByCamera: {
    name: TOPIC.joinByCamera,
    summary: 'Transactions with the link in force at their time, re-keyed by camera (internal to the join).',
    public: false,
    key: CAMERA_KEY,
    value: JoinByCameraValue,
    types: typesOf(JoinByCameraValue),
    headers: RecordHeaders,
    keyOf: (value) => value.link.cameraId,
    recordIdOf: (value) => value.transaction.transactionKey,
    partitions: DEFAULT_PARTITIONS,
    retentionMs: 1 * DAY_MS,
    cleanupPolicy: 'delete',
    producers: ['join'],
    consumers: ['join'],
  },
  thumbnailJobs: {
    name: TOPIC.thumbnailJobs,
    summary: 'One job per linked transaction: which picture to make its thumbnail of, or why there is none.',
    public: true,
    key: CAMERA_KEY,
    value: ThumbnailJobsValue,
    types: typesOf(ThumbnailJobsValue),
    headers: RecordHeaders,
    keyOf: (value) => value.cameraId,
    recordIdOf: (value) => value.jobId,
    partitions: DEFAULT_PARTITIONS,
    retentionMs: 7 * DAY_MS,
    cleanupPolicy: 'delete',
    producers: ['join'],
    consumers: ['thumbnailer'],
  },
  thumbnails: {
    name: TOPIC.thumbnails,
    summary: 'The outcome for every transaction: its thumbnail, why it failed, or why there is no picture.',
    public: true,
    key: {
      description: 'the transaction key <provider>:<contractId>:<transactionId>: the latest record of each is kept',
      example: 'smaregi:demo:25',
    },
    value: ThumbnailsValue,
    types: typesOf(ThumbnailsValue),
    headers: RecordHeaders,
    keyOf: (value) => value.transactionKey,
    recordIdOf: (value) => value.transactionKey,
    partitions: DEFAULT_PARTITIONS,
    retentionMs: null,
    cleanupPolicy: 'compact',
    producers: ['thumbnailer', 'join'],
    consumers: ['projector', 'analysts'],
  },
};

/** The relayed topics (links, transactions) carry the event store position in a header. */
export function carriesPosition(topic: TopicContract): boolean {
  return topic.headers === RelayedRecordHeaders;
}

/** The topics co-partitioned by camera id: the join reads them side by side, so their partition counts are equal. */
export const CO_PARTITIONED_TOPICS: readonly TopicName[] = [
  TOPIC.cameraFrames,
  TOPIC.joinByCamera,
  TOPIC.thumbnailJobs,
];

const BY_NAME = new Map<string, TopicContract>(Object.values(TOPICS).map((t) => [t.name, t as TopicContract]));

/** The contract of a topic by its name; undefined for a name that is not a RegiCam topic. */
export function topicContract(name: string): TopicContract | undefined {
  return BY_NAME.get(name);
}
