import { POS_PROVIDERS } from '@regicam/domain';
import { z } from 'zod';

// The building blocks of every record value.

/** The message a parse reports for a field or header that is not there. */
export const MISSING = 'missing';

/**
 * A schema-level message for a wrong value that leaves a missing one to
 * the parse's own message, so that absence always reads `missing`.
 */
export const says = (message: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? undefined : message),
});

/** A non-empty string id. */
export const Id = z.string(says('must be a string')).min(1, says('must not be empty'));

/** An ISO 8601 time in UTC (`Z`), as every time of every record is written. */
export const Time = z.iso.datetime(says('must be an ISO 8601 UTC time such as 2026-12-01T03:04:05.000Z'));

/** A whole number of milliseconds (may be negative). */
export const Millis = z.int(says('must be a whole number of milliseconds'));

/** A size in pixels. */
export const Pixels = z.int(says('must be a whole number of pixels')).positive(says('must be above 0'));

export const Provider = z.enum(POS_PROVIDERS, says(`must be one of ${POS_PROVIDERS.join(', ')}`));

const keyOfThree = (third: string) =>
  z
    .string(says('must be a string'))
    .regex(
      new RegExp(`^(${POS_PROVIDERS.join('|')}):.+:.+$`),
      says(`must be <provider>:<contractId>:<${third}>, e.g. smaregi:demo:1`),
    );

/** `<provider>:<contractId>:<terminalId>`: one register; the key of the links and transactions topics. */
export const TerminalKey = keyOfThree('terminalId');

/** `<provider>:<contractId>:<transactionId>`: one POS transaction; the key of the thumbnails topic. */
export const TransactionKey = keyOfThree('transactionId');

export function terminalKey(ref: { provider: string; contractId: string; terminalId: string }): string {
  return `${ref.provider}:${ref.contractId}:${ref.terminalId}`;
}

export function transactionKey(ref: { provider: string; contractId: string; transactionId: string }): string {
  return `${ref.provider}:${ref.contractId}:${ref.transactionId}`;
}
