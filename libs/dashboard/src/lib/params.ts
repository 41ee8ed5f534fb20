import { TRANSACTION_KINDS, type TransactionKind } from '@regicam/domain';
import { isStoreDay, storeDayOf } from '@regicam/transactions';
import { fieldProblems } from '@regicam/util';
import { z } from 'zod';
import { DashboardInputError } from './errors';
import type { TransactionQuery } from './transactions/transaction-list';

/** A query string as Express gives it: a value, repeated values, or nested objects (refused). */
export type RawQuery = Record<string, unknown>;

const one = (field: string) =>
  z.preprocess(
    (v) => (Array.isArray(v) && v.length === 1 ? v[0] : v),
    z.string({ error: `${field} must be given once, as text` }),
  );

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 time with its zone, as milliseconds. */
export const isoTimeParam = (field: string) =>
  one(field)
    .refine((v) => ISO_TIME.test(v) && !Number.isNaN(Date.parse(v)), {
      message: `${field} must be an ISO 8601 time with its zone, e.g. 2026-12-01T11:13:04+09:00`,
    })
    .transform((v) => Date.parse(v));

/**
 * Checks a query against a schema, naming every parameter at fault and
 * every parameter that is not one of the route's.
 */
export function parseParams<S extends z.ZodObject>(schema: S, raw: RawQuery): z.infer<S> {
  const known = Object.keys(schema.shape);
  const unknown = Object.keys(raw).filter((k) => !known.includes(k));
  const parsed = schema.safeParse(raw);
  const problems = [
    ...unknown.map((k) => ({ field: k, message: `${k} is not a parameter here (use ${known.join(', ')})` })),
    ...(parsed.success ? [] : fieldProblems(parsed.error, '(query)')),
  ];
  if (problems.length > 0 || !parsed.success) throw new DashboardInputError(problems);
  return parsed.data;
}

const KINDS = TRANSACTION_KINDS.join(', ');

const TransactionListParams = z.object({
  cameraId: one('cameraId').pipe(z.string().min(1, 'cameraId must not be empty').max(200)).optional(),
  date: one('date')
    .refine((v) => v === 'today' || isStoreDay(v), {
      message: 'date must be a day like 2026-12-01 (Japan time) or today',
    })
    .optional(),
  kind: z
    .union([z.string(), z.array(z.string())], { error: `kind must be one or several of ${KINDS}` })
    .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).map((s) => s.trim()))
    .refine((list) => list.length > 0 && list.every((k) => (TRANSACTION_KINDS as readonly string[]).includes(k)), {
      message: `kind must be one or several of ${KINDS}, comma-separated or repeated`,
    })
    .transform((list) => [...new Set(list)] as TransactionKind[])
    .optional(),
  q: one('q')
    .transform((v) => v.trim())
    .pipe(z.string().max(100, 'q must be at most 100 characters'))
    .optional(),
  cursor: one('cursor').pipe(z.string().min(1).max(2000, 'cursor is too long')).optional(),
  limit: one('limit')
    .refine((v) => /^\d{1,4}$/.test(v) && Number(v) >= 1 && Number(v) <= 200, {
      message: 'limit must be a whole number from 1 to 200',
    })
    .transform(Number)
    .optional(),
  unlinked: one('unlinked')
    .refine((v) => v === 'true' || v === 'false', { message: 'unlinked must be true or false' })
    .transform((v) => v === 'true')
    .optional(),
});

/** `GET /api/transactions` parameters as a day list query; `now` decides what `today` is (Japan time). */
export function transactionQueryOf(raw: RawQuery, ownerId: string, now: Date): TransactionQuery {
  const p = parseParams(TransactionListParams, raw);
  return {
    ownerId,
    cameraId: p.cameraId,
    unlinked: p.unlinked,
    day: !p.date || p.date === 'today' ? storeDayOf(now.toISOString()) : p.date,
    kinds: p.kind,
    q: p.q || undefined,
    cursor: p.cursor,
    limit: p.limit ?? 50,
  };
}

const PictureParams = z.object({ at: isoTimeParam('at').optional() });

/** `GET /api/cameras/:cameraId/picture?at`: the true time wanted (ms), or undefined for the latest. */
export function pictureTimeOf(raw: RawQuery): number | undefined {
  return parseParams(PictureParams, raw).at;
}

const TimelineParams = z.object({ from: isoTimeParam('from').optional(), to: isoTimeParam('to').optional() });

/** `GET /api/cameras/:cameraId/timeline?from&to`: `to` defaults to now, `from` to 24 hours before `to`. */
export function timelineRangeOf(raw: RawQuery, now: Date): { from: number; to: number } {
  const p = parseParams(TimelineParams, raw);
  const to = p.to ?? now.getTime();
  return { from: p.from ?? to - 24 * 3_600_000, to };
}
