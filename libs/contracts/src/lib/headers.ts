import { z } from 'zod';
import { Id, says } from './schema';

/** The headers on every record RegiCam produces (all values are strings). */
export const HEADERS = {
  /** The idempotency key: a consumer drops a record whose id it has seen. */
  recordId: 'regicam-record-id',
  /** The value's `type`. */
  type: 'regicam-type',
  /** `1` on every `.v1` topic. */
  schemaVersion: 'regicam-schema-version',
  /** `application/json`. */
  contentType: 'content-type',
  /** The event store position of the event (relayed topics only). */
  position: 'regicam-position',
} as const;

export const SCHEMA_VERSION = '1';
export const CONTENT_TYPE = 'application/json';

/** Headers a dead-letter record carries besides the original ones. */
export const DEAD_LETTER_HEADERS = {
  reason: 'x-dead-letter-reason',
  topic: 'x-dead-letter-topic',
  partition: 'x-dead-letter-partition',
  offset: 'x-dead-letter-offset',
  group: 'x-dead-letter-group',
  at: 'x-dead-letter-at',
} as const;

/** Other headers (tracing, a client's own) are allowed and left alone. */
export const RecordHeaders = z
  .looseObject({
    [HEADERS.recordId]: Id.describe(
      'The idempotency key: the event id (relay), <cameraId>/<type>/<camera time> (frames), the transaction key (join, jobs, thumbnails).',
    ),
    [HEADERS.type]: Id.describe("The value's type."),
    [HEADERS.schemaVersion]: z.literal(SCHEMA_VERSION, says(`must be ${SCHEMA_VERSION}`)),
    [HEADERS.contentType]: z.literal(CONTENT_TYPE, says(`must be ${CONTENT_TYPE}`)),
  })
  .meta({ id: 'RecordHeaders', description: 'The headers of every record RegiCam produces.' });
export type RecordHeaders = z.infer<typeof RecordHeaders>;

/** The relay's records also say where the event stands in the event store. */
export const RelayedRecordHeaders = RecordHeaders.extend({
  [HEADERS.position]: Id.describe('The event store position of the event (opaque, ordered).'),
}).meta({
  id: 'RelayedRecordHeaders',
  description: 'The headers of the records the relay copies from the event store.',
});
export type RelayedRecordHeaders = z.infer<typeof RelayedRecordHeaders>;

export const DeadLetterHeaders = z
  .looseObject({
    [DEAD_LETTER_HEADERS.reason]: Id.describe('Why the record could not be processed.'),
    [DEAD_LETTER_HEADERS.topic]: Id.describe('Where it came from.'),
    [DEAD_LETTER_HEADERS.partition]: Id,
    [DEAD_LETTER_HEADERS.offset]: Id,
    [DEAD_LETTER_HEADERS.group]: Id.describe('The consumer group that set it aside.'),
    [DEAD_LETTER_HEADERS.at]: Id.describe('When (ISO 8601, UTC).'),
  })
  .meta({
    id: 'DeadLetterHeaders',
    description: "A dead-letter record's headers: the original ones (kept as they were) and these.",
  });
