import { EXAMPLES } from './examples';
import { HEADERS } from './headers';
import { ContractError, decodeRecord, encodeRecord, type EncodedRecord, type RawRecord } from './record-codec';
import { TOPIC, type TopicName, type TopicValue } from './topics';

const POSITION = '1042';
const relayed = (topic: TopicName) => topic === TOPIC.links || topic === TOPIC.transactions;

function encode<N extends TopicName>(topic: N, value: TopicValue<N>): EncodedRecord {
  return encodeRecord(topic, value, relayed(topic) ? { position: POSITION } : {});
}

/** The example of a type, for a topic. */
function example<N extends TopicName, T extends TopicValue<N>['type']>(topic: N, type: T) {
  const found = EXAMPLES[topic].find((value) => value.type === type);
  if (!found) throw new Error(`no example of ${type}`);
  return found as Extract<TopicValue<N>, { type: T }>;
}

/** A record as consumed from the value given, with the headers and key the example's own record has. */
function consumed<N extends TopicName>(topic: N, value: unknown, change: Partial<RawRecord> = {}): RawRecord {
  const good = encode(topic, EXAMPLES[topic][0]);
  return { key: good.key, headers: good.headers, value: JSON.stringify(value), ...change };
}

const reasonOf = (result: { ok: boolean; reason?: string }) => (result.ok ? 'accepted' : result.reason);

describe('every value of every topic, encoded and decoded', () => {
  const cases = (Object.keys(EXAMPLES) as TopicName[]).flatMap((topic) =>
    EXAMPLES[topic].map((value) => [topic, value.type, value] as const),
  );

  it.each(cases)('%s %s comes back as it went in, with the agreed headers', (topic, type, value) => {
    const record = encode(topic, value);
    expect(JSON.parse(record.value)).toEqual(value);
    expect(record.headers).toMatchObject({
      [HEADERS.type]: type,
      [HEADERS.schemaVersion]: '1',
      [HEADERS.contentType]: 'application/json',
    });
    expect(record.headers[HEADERS.position]).toBe(relayed(topic) ? POSITION : undefined);
    // Consumed through kafkajs: key, value and headers as Buffers.
    const fromKafka = decodeRecord(topic, {
      key: Buffer.from(record.key),
      value: Buffer.from(record.value),
      headers: Object.fromEntries(Object.entries(record.headers).map(([k, v]) => [k, Buffer.from(v)])),
    });
    expect(fromKafka).toEqual({ ok: true, value, headers: record.headers });
  });

  it('keys and identifies each record by its topic rule', () => {
    const ids = (topic: TopicName, value: TopicValue<TopicName>) => {
      const { key, headers, timestamp } = encode(topic, value);
      return { key, id: headers[HEADERS.recordId], timestamp };
    };
    const camera = '5f0c6b1e-8d5a-4a8e-9f3b-2a7d1c9e4b60';
    expect(ids(TOPIC.links, example(TOPIC.links, 'LinkRemoved'))).toEqual({
      key: 'smaregi:demo:1',
      id: '1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9',
      timestamp: undefined,
    });
    expect(ids(TOPIC.transactions, example(TOPIC.transactions, 'TransactionReceived'))).toEqual({
      key: 'smaregi:demo:1',
      id: '0c2d4e6f-8a9b-4c1d-9e2f-3a4b5c6d7e8f',
      timestamp: undefined,
    });
    expect(ids(TOPIC.cameraFrames, example(TOPIC.cameraFrames, 'FrameCaptured'))).toEqual({
      key: camera,
      id: `${camera}/FrameCaptured/2026-12-01T03:04:06.400Z`,
      timestamp: Date.UTC(2026, 11, 1, 3, 4, 6, 400),
    });
    expect(ids(TOPIC.cameraFrames, example(TOPIC.cameraFrames, 'RecordingAvailable'))).toEqual({
      key: camera,
      id: `${camera}/RecordingAvailable/2026-12-01T03:05:00.000Z`,
      timestamp: Date.UTC(2026, 11, 1, 3, 5),
    });
    expect(ids(TOPIC.cameraFrames, example(TOPIC.cameraFrames, 'CameraDisconnected')).timestamp).toBe(
      Date.UTC(2026, 11, 1, 12),
    );
    expect(ids(TOPIC.joinByCamera, example(TOPIC.joinByCamera, 'TransactionLinked'))).toEqual({
      key: camera,
      id: 'smaregi:demo:25',
      timestamp: undefined,
    });
    expect(ids(TOPIC.thumbnailJobs, example(TOPIC.thumbnailJobs, 'ThumbnailJob'))).toMatchObject({
      key: camera,
      id: 'smaregi:demo:25',
    });
    expect(ids(TOPIC.thumbnails, example(TOPIC.thumbnails, 'NoPicture'))).toMatchObject({
      key: 'smaregi:demo:26',
      id: 'smaregi:demo:26',
    });
  });
});

describe('encoding refuses what does not fit, naming the field', () => {
  const refusal = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(ContractError);
      return { field: (error as ContractError).field, message: (error as ContractError).message };
    }
    throw new Error('encoded');
  };

  it('a bad time, a missing field and an unknown one', () => {
    const transaction = example(TOPIC.transactions, 'TransactionReceived');
    const value = { ...transaction, currency: undefined, occurredAt: '2026-12-01 03:04', tip: 100 } as never;
    expect(refusal(() => encode(TOPIC.transactions, value))).toEqual({
      field: 'occurredAt',
      message:
        'cannot encode a regicam.transactions.v1 record: field occurredAt: must be an ISO 8601 UTC time such as ' +
        '2026-12-01T03:04:05.000Z; missing field currency; unknown field tip',
    });
  });

  it('a time with an offset instead of UTC', () => {
    const value = { ...example(TOPIC.links, 'LinkCreated'), at: '2026-12-01T12:04:05.000+09:00' };
    expect(refusal(() => encode(TOPIC.links, value)).field).toBe('at');
  });

  it('a type the topic does not carry', () => {
    const value = example(TOPIC.thumbnails, 'NoPicture') as never;
    expect(refusal(() => encode(TOPIC.thumbnailJobs, value))).toEqual({
      field: 'type',
      message:
        'cannot encode a regicam.thumbnail-jobs.v1 record: unknown type "NoPicture" (regicam.thumbnail-jobs.v1 carries ThumbnailJob)',
    });
  });

  it('a relayed record without its position, and a position elsewhere', () => {
    expect(refusal(() => encodeRecord(TOPIC.links, example(TOPIC.links, 'LinkCreated'))).message).toMatch(
      /missing header regicam-position$/,
    );
    const frame = example(TOPIC.cameraFrames, 'CameraConnected');
    expect(refusal(() => encodeRecord(TOPIC.cameraFrames, frame, { position: '7' })).message).toMatch(
      /regicam-position is only on the relayed topics$/,
    );
  });

  it('a record id other than the one the value has', () => {
    const job = example(TOPIC.thumbnailJobs, 'ThumbnailJob');
    expect(encodeRecord(TOPIC.thumbnailJobs, job, { recordId: 'smaregi:demo:25' }).headers[HEADERS.recordId]).toBe(
      'smaregi:demo:25',
    );
    expect(refusal(() => encodeRecord(TOPIC.thumbnailJobs, job, { recordId: 'job-1' })).message).toMatch(
      /record id job-1 is not the one the value has: smaregi:demo:25$/,
    );
  });
});

describe('encoding a value a stage built from decoded ones (fromDecoded)', () => {
  it('gives the record a checked encoding gives: the same key, headers and value', () => {
    const job = example(TOPIC.thumbnailJobs, 'ThumbnailJob');
    const fast = encodeRecord(TOPIC.thumbnailJobs, job, { fromDecoded: true });
    const checked = encodeRecord(TOPIC.thumbnailJobs, job);
    expect({ ...fast, value: JSON.parse(fast.value) }).toEqual({ ...checked, value: JSON.parse(checked.value) });
    expect(decodeRecord(TOPIC.thumbnailJobs, fast)).toMatchObject({ ok: true, value: job });
  });

  it('still refuses a type the topic does not carry and a wrong record id', () => {
    const ready = example(TOPIC.thumbnails, 'ThumbnailReady');
    const job = example(TOPIC.thumbnailJobs, 'ThumbnailJob');
    expect(() => encodeRecord(TOPIC.thumbnailJobs, ready as never, { fromDecoded: true })).toThrow(
      expect.objectContaining({ name: 'ContractError', field: 'type' }),
    );
    expect(() => encodeRecord(TOPIC.thumbnailJobs, job, { fromDecoded: true, recordId: 'job-1' })).toThrow(
      ContractError,
    );
  });
});

describe('decoding names what is wrong (the dead-letter reason)', () => {
  const transaction = example(TOPIC.transactions, 'TransactionReceived');

  it.each([
    ['a value that is not JSON', consumed(TOPIC.transactions, null, { value: '{"type":' }), /^value is not JSON \(/],
    ['no value', consumed(TOPIC.transactions, null, { value: null }), /^no value/],
    [
      'a value that is not UTF-8',
      consumed(TOPIC.transactions, null, { value: Buffer.from([0xff, 0xfe]) }),
      /^value is not UTF-8$/,
    ],
    ['a JSON array', consumed(TOPIC.transactions, [transaction]), /^value is not a JSON object$/],
    [
      'a value without a type',
      consumed(TOPIC.transactions, { ...transaction, type: undefined }),
      /^missing field type$/,
    ],
    [
      'an unknown type',
      consumed(TOPIC.transactions, { ...transaction, type: 'TransactionVoided' }),
      /^unknown type "TransactionVoided" \(regicam.transactions.v1 carries TransactionReceived\)$/,
    ],
  ])('%s', (_, record, reason) => {
    expect(reasonOf(decodeRecord(TOPIC.transactions, record))).toMatch(reason);
  });

  it('a missing header, a repeated one and a wrong schema version', () => {
    const good = encode(TOPIC.transactions, transaction);
    const withoutId = { ...good.headers, [HEADERS.recordId]: undefined };
    expect(reasonOf(decodeRecord(TOPIC.transactions, { ...good, headers: withoutId }))).toBe(
      'missing header regicam-record-id',
    );
    const repeated = { ...good.headers, [HEADERS.type]: ['TransactionReceived', 'TransactionReceived'] };
    expect(reasonOf(decodeRecord(TOPIC.transactions, { ...good, headers: repeated }))).toBe(
      'header regicam-type appears 2 times',
    );
    const v2 = { ...good.headers, [HEADERS.schemaVersion]: '2' };
    expect(reasonOf(decodeRecord(TOPIC.transactions, { ...good, headers: v2 }))).toBe(
      'header regicam-schema-version: must be 1',
    );
    const withoutPosition = { ...good.headers, [HEADERS.position]: undefined };
    expect(reasonOf(decodeRecord(TOPIC.transactions, { ...good, headers: withoutPosition }))).toBe(
      'missing header regicam-position',
    );
  });

  it('other headers are left alone', () => {
    const good = encode(TOPIC.transactions, transaction);
    const traced = { ...good, headers: { ...good.headers, traceparent: '00-abc-def-01' } };
    expect(decodeRecord(TOPIC.transactions, traced)).toMatchObject({ ok: true, value: transaction });
  });

  it('headers and key that do not agree with the value', () => {
    const good = encode(TOPIC.transactions, transaction);
    const typed = { ...good, headers: { ...good.headers, [HEADERS.type]: 'LinkCreated' } };
    expect(reasonOf(decodeRecord(TOPIC.transactions, typed))).toBe(
      "header regicam-type is LinkCreated but the value's type is TransactionReceived",
    );
    const ided = { ...good, headers: { ...good.headers, [HEADERS.recordId]: 'other' } };
    expect(reasonOf(decodeRecord(TOPIC.transactions, ided))).toBe(
      "header regicam-record-id is other but the record's id is 0c2d4e6f-8a9b-4c1d-9e2f-3a4b5c6d7e8f",
    );
    expect(reasonOf(decodeRecord(TOPIC.transactions, { ...good, key: 'smaregi:demo:2' }))).toMatch(
      /^key smaregi:demo:2 is not the value's key smaregi:demo:1 /,
    );
    expect(reasonOf(decodeRecord(TOPIC.transactions, { ...good, key: null }))).toMatch(/^key \(none\) is not/);
  });

  it.each([
    [
      'a region past the right edge',
      TOPIC.links,
      { ...example(TOPIC.links, 'LinkCreated'), region: { x: 0.6, y: 0, width: 0.5, height: 1 } },
      'field region.width: x + width must not go past the right edge (1)',
    ],
    [
      'a terminal key of another terminal',
      TOPIC.links,
      { ...example(TOPIC.links, 'LinkRemoved'), terminalKey: 'smaregi:demo:2' },
      'field terminalKey: must be smaregi:demo:1',
    ],
    [
      'an unknown kind, a staff without a name',
      TOPIC.transactions,
      { ...transaction, kind: 'refund', staff: { id: '3' } },
      'field kind: must be one of payment, cancel, modify, delete; missing field staff.name',
    ],
    [
      'a transaction key of another transaction',
      TOPIC.transactions,
      { ...transaction, transactionKey: 'smaregi:demo:26' },
      'field transactionKey: must be smaregi:demo:25',
    ],
    [
      'an empty or fractional size',
      TOPIC.cameraFrames,
      { ...example(TOPIC.cameraFrames, 'FrameCaptured'), width: 0, height: 10.5 },
      'field width: must be above 0; field height: must be a whole number of pixels',
    ],
    [
      'a segment ending before it starts',
      TOPIC.cameraFrames,
      { ...example(TOPIC.cameraFrames, 'RecordingAvailable'), to: '2026-12-01T02:00:00.000Z' },
      'field to: must not be before from',
    ],
    [
      'a null time',
      TOPIC.cameraFrames,
      { ...example(TOPIC.cameraFrames, 'CameraConnected'), at: null },
      'field at: must be an ISO 8601 UTC time such as 2026-12-01T03:04:05.000Z',
    ],
    [
      'an unknown field',
      TOPIC.cameraFrames,
      { ...example(TOPIC.cameraFrames, 'CameraDisconnected'), reason: 'power' },
      'unknown field reason',
    ],
    [
      'a bad time inside the transaction',
      TOPIC.joinByCamera,
      {
        ...example(TOPIC.joinByCamera, 'TransactionLinked'),
        transaction: { ...transaction, occurredAt: 'yesterday' },
      },
      'field transaction.occurredAt: must be an ISO 8601 UTC time such as 2026-12-01T03:04:05.000Z',
    ],
    [
      'a job id and a target time that do not follow the rules',
      TOPIC.thumbnailJobs,
      { ...example(TOPIC.thumbnailJobs, 'ThumbnailJob'), jobId: 'smaregi:demo:26', clockOffsetMs: 2000 },
      'field jobId: must be the transaction key smaregi:demo:25; ' +
        'field targetAt: must be posAt + clockOffsetMs (2026-12-01T03:04:07.000Z)',
    ],
    [
      'an unknown reason for no picture',
      TOPIC.thumbnailJobs,
      { ...example(TOPIC.thumbnailJobs, 'ThumbnailJob'), picture: { kind: 'none', reason: 'camera_off' } },
      'field picture.reason: must be one of camera_dark, not_recorded, no_frame',
    ],
    [
      'a thumbnail without its 2x image',
      TOPIC.thumbnails,
      { ...example(TOPIC.thumbnails, 'ThumbnailReady'), blobIds: { '1x': 'a' } },
      'missing field blobIds.2x',
    ],
    [
      'an unknown failure',
      TOPIC.thumbnails,
      { ...example(TOPIC.thumbnails, 'ThumbnailFailed'), reason: 'timeout' },
      'field reason: must be one of corrupt_image, image_too_large, camera_unavailable, camera_refused, not_found',
    ],
    [
      'a linked no-picture without its link',
      TOPIC.thumbnails,
      { ...example(TOPIC.thumbnails, 'NoPicture'), reason: 'camera_dark' },
      'field ownerId: must be given when the reason is camera_dark; ' +
        'field cameraId: must be given when the reason is camera_dark; ' +
        'field linkId: must be given when the reason is camera_dark',
    ],
  ] as const)('%s', (_, topic, value, reason) => {
    expect(reasonOf(decodeRecord(topic, consumed(topic, value)))).toBe(reason);
  });
});
