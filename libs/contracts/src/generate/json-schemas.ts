import { z } from 'zod';
import { DeadLetterHeaders, RecordHeaders, RelayedRecordHeaders } from '../lib/headers';
import { TOPICS } from '../lib/topics';

export type JsonSchema = Record<string, unknown>;

/**
 * JSON Schema draft 07 (what AsyncAPI's schema format extends, and what
 * most validators read), with zod's artefacts made readable: times keep
 * `format: date-time` with a short UTC pattern, and whole numbers lose the
 * JavaScript safe-integer bounds.
 */
const OPTIONS = {
  target: 'draft-7',
  override: ({ jsonSchema }: { jsonSchema: JsonSchema }) => {
    if (jsonSchema['format'] === 'date-time')
      jsonSchema['pattern'] = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$';
    if (jsonSchema['type'] === 'integer') {
      if (jsonSchema['maximum'] === Number.MAX_SAFE_INTEGER) delete jsonSchema['maximum'];
      if (jsonSchema['minimum'] === Number.MIN_SAFE_INTEGER) delete jsonSchema['minimum'];
    }
  },
} as const;

/**
 * One self-contained JSON Schema per topic value and per header set, named
 * after the file it is published as (`docs/schemas/<name>.json`). Named
 * parts (Region, each record type) are `definitions`.
 */
export function jsonSchemas(): { name: string; schema: JsonSchema }[] {
  const values = Object.values(TOPICS).map((topic) => ({
    name: topic.name,
    schema: { ...z.toJSONSchema(topic.value, OPTIONS), title: topic.name, description: topic.summary },
  }));
  const headers = [
    ['record-headers', RecordHeaders],
    ['relayed-record-headers', RelayedRecordHeaders],
    ['dead-letter-headers', DeadLetterHeaders],
  ] as const;
  return [...values, ...headers.map(([name, schema]) => ({ name, schema: z.toJSONSchema(schema, OPTIONS) }))];
}

/**
 * Every named schema (Region, the record types, the header sets) with
 * references between them as `#/components/schemas/<id>`, for AsyncAPI.
 */
export function componentSchemas(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(z.globalRegistry, { ...OPTIONS, uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => [
      id,
      Object.fromEntries(Object.entries(schema).filter(([keyword]) => keyword !== '$schema' && keyword !== '$id')),
    ]),
  );
}
