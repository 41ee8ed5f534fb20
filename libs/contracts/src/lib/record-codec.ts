import type { z } from 'zod';
import { CONTENT_TYPE, HEADERS, SCHEMA_VERSION, type RecordHeaders, type RelayedRecordHeaders } from './headers';
import { MISSING } from './schema';
import { carriesPosition, topicContract, type TopicContract, type TopicName, type TopicValue } from './topics';

/**
 * Encoding and decoding of record values, the one way every producer and
 * consumer of RegiCam's topics turns a value into a record and back.
 * Pure: no clock, no I/O.
 */

/** A record ready to send: kafkajs takes it as is (timestamp as a string), the message log port without the timestamp. */
export type EncodedRecord = {
  key: string;
  value: string;
  headers: Record<string, string>;
  /** Milliseconds since the epoch, on topics whose records carry their own time (camera frames). */
  timestamp?: number;
};

export type EncodeOptions = {
  /** The record id; it is derived from the value by the topic's rule, so give it only to have it checked. */
  recordId?: string;
  /** The event store position: required on the relayed topics (links, transactions), refused on the others. */
  position?: string;
  /**
   * The value is a stream stage's output, built by code typed by the
   * contract from values `decodeRecord` checked: its schema is not checked
   * again (the stage's tests check it). The type, key, record id and
   * headers are derived and checked as always; every consumer still
   * validates what it reads.
   */
  fromDecoded?: boolean;
};

/** Header values as the message log port (strings) or kafkajs (Buffers, repeated headers as arrays) hand them over. */
type RawHeaderValue = Uint8Array | string | (Uint8Array | string)[] | undefined;

/** A record as consumed: the message log port's `ConsumedRecord` and kafkajs's `KafkaMessage` both fit. */
export type RawRecord = {
  key: Uint8Array | string | null;
  value: Uint8Array | string | null;
  headers?: Record<string, RawHeaderValue>;
};

export type DecodedRecord<V> =
  { ok: true; value: V; headers: RecordHeaders & Partial<RelayedRecordHeaders> } | { ok: false; reason: string };

/** A value that does not fit its topic's contract, refused before it is sent. `field` names the first field at fault. */
export class ContractError extends Error {
  constructor(
    readonly topic: string,
    readonly field: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'ContractError';
  }
}

// ---- encoding ----

/**
 * The record for a value: validated against the topic's schema, keyed by
 * the topic's key rule, with the headers every RegiCam record carries.
 * Throws `ContractError` naming the field at fault.
 */
export function encodeRecord<N extends TopicName>(
  topic: N,
  value: TopicValue<N>,
  options: EncodeOptions = {},
): EncodedRecord {
  const contract = contractFor(topic);
  const refuse = (field: string | undefined, problem: string) =>
    new ContractError(topic, field, `cannot encode a ${topic} record: ${problem}`);
  // 1. The value, as its schema has it (unknown fields refused); one made of decoded parts as it is.
  const typeProblem = checkType(contract, value);
  if (typeProblem) throw refuse('type', typeProblem);
  let checked = value;
  if (!options.fromDecoded) {
    const parsed = contract.value.safeParse(value, PARSE);
    if (!parsed.success) throw refuse(firstField(parsed.error.issues), describeIssues(parsed.error.issues, 'field'));
    checked = parsed.data;
  }
  // 2. The record id, by the topic's rule.
  const recordId = contract.recordIdOf(checked);
  if (options.recordId !== undefined && options.recordId !== recordId) {
    throw refuse(undefined, `record id ${options.recordId} is not the one the value has: ${recordId}`);
  }
  // 3. The headers: the position only where the topic has it, and there always.
  if (options.position !== undefined && !carriesPosition(contract)) {
    throw refuse(undefined, `${HEADERS.position} is only on the relayed topics`);
  }
  const headers: Record<string, string> = {
    [HEADERS.recordId]: recordId,
    [HEADERS.type]: checked.type,
    [HEADERS.schemaVersion]: SCHEMA_VERSION,
    [HEADERS.contentType]: CONTENT_TYPE,
    ...(options.position !== undefined ? { [HEADERS.position]: options.position } : {}),
  };
  const headerCheck = contract.headers.safeParse(headers, PARSE);
  if (!headerCheck.success) throw refuse(undefined, describeIssues(headerCheck.error.issues, 'header'));
  const timestamp = contract.timestampOf?.(checked);
  return {
    key: contract.keyOf(checked),
    value: JSON.stringify(checked),
    headers,
    ...(timestamp !== undefined ? { timestamp } : {}),
  };
}

// ---- decoding ----

/**
 * The value of a consumed record, or the reason it does not fit the
 * topic's contract: the reason to put on its dead-letter record. Checks,
 * in order: the headers, the value (UTF-8 JSON, a known type, every
 * field), then that headers and key agree with the value.
 */
export function decodeRecord<N extends TopicName>(topic: N, record: RawRecord): DecodedRecord<TopicValue<N>> {
  const contract = contractFor(topic);
  const fail = (reason: string) => ({ ok: false as const, reason });
  // 1. Headers: one value each, the agreed ones present.
  const raw: Record<string, string> = {};
  for (const [name, header] of Object.entries(record.headers ?? {})) {
    const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
    if (values.length > 1) return fail(`header ${name} appears ${values.length} times`);
    if (values.length === 1) {
      const text = utf8(values[0]);
      if (text === null) return fail(`header ${name} is not UTF-8`);
      raw[name] = text;
    }
  }
  const headers = contract.headers.safeParse(raw, PARSE);
  if (!headers.success) return fail(describeIssues(headers.error.issues, 'header'));
  // 2. The value: UTF-8 JSON, an object of a type this topic carries, every field as agreed.
  if (record.value === null) return fail('no value (an empty record)');
  const text = utf8(record.value);
  if (text === null) return fail('value is not UTF-8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail(`value is not JSON (${(error as Error).message})`);
  }
  const typeProblem = checkType(contract, json);
  if (typeProblem) return fail(typeProblem);
  const parsed = contract.value.safeParse(json, PARSE);
  if (!parsed.success) return fail(describeIssues(parsed.error.issues, 'field'));
  const value = parsed.data;
  // 3. Headers and key agree with the value: the type, the record id (idempotency), the key (ordering).
  const h = headers.data;
  if (h[HEADERS.type] !== value.type) {
    return fail(`header ${HEADERS.type} is ${h[HEADERS.type]} but the value's type is ${value.type}`);
  }
  const recordId = contract.recordIdOf(value);
  if (h[HEADERS.recordId] !== recordId) {
    return fail(`header ${HEADERS.recordId} is ${h[HEADERS.recordId]} but the record's id is ${recordId}`);
  }
  const key = record.key === null ? null : utf8(record.key);
  const expectedKey = contract.keyOf(value);
  if (key !== expectedKey) {
    return fail(
      `key ${key === null ? '(none)' : key} is not the value's key ${expectedKey} (${contract.key.description})`,
    );
  }
  return { ok: true, value, headers: h };
}

// ---- shared ----

/** Absent fields and headers read `missing`; every other message comes from the schema. */
const PARSE = { error: (issue: { input?: unknown }) => (issue.input === undefined ? MISSING : undefined) };

function contractFor<N extends TopicName>(topic: N): TopicContract<TopicValue<N>> {
  const contract = topicContract(topic);
  if (!contract) throw new Error(`${topic} is not a RegiCam topic`);
  return contract as unknown as TopicContract<TopicValue<N>>;
}

/** The value is an object whose `type` is one the topic carries. */
function checkType(contract: TopicContract, value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'value is not a JSON object';
  const type = (value as { type?: unknown }).type;
  if (type === undefined) return 'missing field type';
  if (typeof type !== 'string' || !contract.types.includes(type)) {
    return `unknown type ${JSON.stringify(type)} (${contract.name} carries ${contract.types.join(', ')})`;
  }
  return null;
}

/** Every problem, one `field <path>: <message>` (or `missing field <path>`, `unknown field <path>`) each. */
function describeIssues(issues: readonly z.core.$ZodIssue[], what: 'field' | 'header'): string {
  return issues
    .flatMap((issue) => {
      const path = issue.path.map(String).join('.');
      if (issue.code === 'unrecognized_keys')
        return issue.keys.map((k) => `unknown ${what} ${path ? `${path}.` : ''}${k}`);
      if (issue.message === MISSING) return [`missing ${what} ${path}`];
      return [
        path ? `${what} ${path}: ${issue.message}` : `${what === 'field' ? 'value' : 'headers'}: ${issue.message}`,
      ];
    })
    .join('; ');
}

function firstField(issues: readonly z.core.$ZodIssue[]): string | undefined {
  const issue = issues[0];
  if (!issue) return undefined;
  const path = issue.path.map(String).join('.');
  return issue.code === 'unrecognized_keys' ? [path, issue.keys[0]].filter(Boolean).join('.') : path || undefined;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function utf8(data: Uint8Array | string): string | null {
  if (typeof data === 'string') return data;
  try {
    return decoder.decode(data);
  } catch {
    return null;
  }
}
