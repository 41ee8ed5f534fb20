import { EXAMPLES } from '../lib/examples';
import { DEAD_LETTER_HEADERS, HEADERS } from '../lib/headers';
import { decodeRecord, encodeRecord, type EncodedRecord } from '../lib/record-codec';
import {
  DEAD_LETTER_PARTITIONS,
  carriesPosition,
  DEAD_LETTER_RETENTION_MS,
  TOPICS,
  dlqTopic,
  type TopicContract,
  type TopicId,
} from '../lib/topics';
import { componentSchemas, type JsonSchema } from './json-schemas';

/** The Kafka bindings version whose topicConfiguration has cleanup.policy and retention.ms. */
const KAFKA_BINDING = '0.5.0';
const DEAD_LETTER = 'DeadLetter';
/** The event store position the examples of relayed records carry. */
const EXAMPLE_POSITION = '1042';

const ref = (path: string) => ({ $ref: `#/${path}` });
const capitalised = (id: string) => id[0].toUpperCase() + id.slice(1);

function exampleRecord(topic: TopicContract, value: { type: string }): EncodedRecord {
  const position = carriesPosition(topic) ? { position: EXAMPLE_POSITION } : {};
  return encodeRecord(topic.name, value as never, position);
}

function kafkaChannel(name: string, partitions: number, retentionMs: number | null, cleanupPolicy: string) {
  return {
    kafka: {
      topic: name,
      partitions,
      topicConfiguration: { 'cleanup.policy': [cleanupPolicy], 'retention.ms': retentionMs ?? -1 },
      bindingVersion: KAFKA_BINDING,
    },
  };
}

function retention(retentionMs: number | null, cleanupPolicy: string): string {
  if (cleanupPolicy === 'compact') return 'compacted: the latest record of each key is kept';
  return retentionMs === null ? 'kept forever' : `kept ${retentionMs / 86_400_000} days`;
}

/** The dead-letter record of the example: a transaction whose time is not UTC ISO 8601. */
function deadLetterExample() {
  const topic = TOPICS.transactions;
  const good = exampleRecord(topic, EXAMPLES[topic.name][0]);
  const value = { ...JSON.parse(good.value), occurredAt: '2026-12-01 12:04:05' };
  const decoded = decodeRecord(topic.name, { ...good, value: JSON.stringify(value) });
  const reason = decoded.ok ? '' : decoded.reason;
  return {
    name: DEAD_LETTER,
    headers: {
      ...good.headers,
      [DEAD_LETTER_HEADERS.reason]: reason,
      [DEAD_LETTER_HEADERS.topic]: topic.name,
      [DEAD_LETTER_HEADERS.partition]: '3',
      [DEAD_LETTER_HEADERS.offset]: '1187',
      [DEAD_LETTER_HEADERS.group]: 'regicam-join',
      [DEAD_LETTER_HEADERS.at]: '2026-12-01T03:04:07.310Z',
    },
    payload: value,
  };
}

/**
 * The AsyncAPI 3.0 document of RegiCam's topics: one channel per topic and
 * per dead-letter topic, one message per record type (payload, headers,
 * key, examples), one send operation per channel, and the schemas.
 */
export function asyncApiDocument(): Record<string, unknown> {
  const topics = Object.entries(TOPICS) as [TopicId, TopicContract][];
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};

  for (const [id, topic] of topics) {
    const dlq = `${id}DeadLetters`;
    channels[id] = {
      address: topic.name,
      title: topic.name,
      summary: topic.summary,
      description: [
        `Key: ${topic.key.description}`,
        `Retention: ${retention(topic.retentionMs, topic.cleanupPolicy)}.`,
        `Produced by ${topic.producers.join(', ')}; consumed by ${topic.consumers.join(', ')}.`,
        `Consumers drop repeats by the ${HEADERS.recordId} header and dead-letter what does not fit to ${dlqTopic(topic.name)}.`,
      ].join('\n'),
      tags: [{ name: topic.public ? 'public' : 'internal' }],
      messages: Object.fromEntries(topic.types.map((type) => [type, ref(`components/messages/${type}`)])),
      bindings: kafkaChannel(topic.name, topic.partitions, topic.retentionMs, topic.cleanupPolicy),
    };
    channels[dlq] = {
      address: dlqTopic(topic.name),
      title: dlqTopic(topic.name),
      summary: `The records of ${topic.name} its consumers could not process, with the reason.`,
      tags: [{ name: 'dead-letter' }],
      messages: { [DEAD_LETTER]: ref(`components/messages/${DEAD_LETTER}`) },
      bindings: kafkaChannel(dlqTopic(topic.name), DEAD_LETTER_PARTITIONS, DEAD_LETTER_RETENTION_MS, 'delete'),
    };
    operations[`send${capitalised(id)}`] = {
      action: 'send',
      channel: ref(`channels/${id}`),
      summary: `${topic.producers.join(' and ')} ${topic.producers.length > 1 ? 'write' : 'writes'} ${topic.name}.`,
      messages: topic.types.map((type) => ref(`channels/${id}/messages/${type}`)),
    };
    operations[`send${capitalised(dlq)}`] = {
      action: 'send',
      channel: ref(`channels/${dlq}`),
      summary: `The consumers of ${topic.name} set aside what they cannot process.`,
      messages: [ref(`channels/${dlq}/messages/${DEAD_LETTER}`)],
    };
    const headers = ref(`components/schemas/${carriesPosition(topic) ? 'RelayedRecordHeaders' : 'RecordHeaders'}`);
    for (const type of topic.types) {
      const examples = EXAMPLES[topic.name].filter((value) => value.type === type);
      messages[type] = {
        name: type,
        title: type,
        contentType: 'application/json',
        headers,
        payload: ref(`components/schemas/${type}`),
        bindings: {
          kafka: {
            key: { type: 'string', description: topic.key.description, examples: [topic.key.example] },
            bindingVersion: KAFKA_BINDING,
          },
        },
        examples: examples.map((value, i) => {
          const record = exampleRecord(topic, value);
          return {
            name: examples.length > 1 ? `${type}-${i + 1}` : type,
            headers: record.headers,
            payload: JSON.parse(record.value),
          };
        }),
      };
    }
  }
  messages[DEAD_LETTER] = {
    name: DEAD_LETTER,
    title: 'Dead letter',
    summary: 'A record set aside: the original key, value and headers, and where it came from and why.',
    headers: ref('components/schemas/DeadLetterHeaders'),
    payload: { description: 'The original value, byte for byte (it may be what could not be read).' } as JsonSchema,
    examples: [deadLetterExample()],
  };

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'RegiCam topics',
      version: '1.0.0',
      description: [
        'The Kafka topics of RegiCam. Values are UTF-8 JSON objects with a `type`; times are ISO 8601 UTC;',
        'money is in the main unit of the currency. Within a `.v1` topic fields are only ever added;',
        'a breaking change is a new topic `.v2`. See docs/topics.md.',
      ].join(' '),
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { schemas: componentSchemas(), messages },
  };
}
