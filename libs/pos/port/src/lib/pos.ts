import type { RecordTransaction } from '@regicam/domain';

/**
 * The POS port: what RegiCam needs of a cloud POS (Smaregi, Ubiregi).
 * Each provider's adapter speaks the vendor's HTTP API; the tests run them
 * against our simulator of that API (`@regicam/pos/simulator`).
 */

/** One POS transaction as a connector read it, ready for RecordTransaction. */
export type PosTransaction = RecordTransaction['data'];

/** A row the POS sent that cannot be turned into a transaction: kept for the dead-letter record. */
export type RejectedRow = { raw: unknown; reason: string };

/** The POS refused our credentials or settings: the owner must act (HTTP 422). */
export class PosRejectedError extends Error {
  constructor(
    /** credentials: token wrong or revoked; permission: a feature is switched off at the POS;
     *  terminal: no such register; subscription: the POS account is not paid up. */
    readonly reason: 'credentials' | 'permission' | 'terminal' | 'subscription',
    /** In words the owner understands, with what to do next. */
    message: string,
    /** The POS's own answer, for the log (never contains the token). */
    readonly posAnswer?: string,
  ) {
    super(message);
    this.name = 'PosRejectedError';
  }
}

/** The POS did not answer usefully for now (429, 5xx, timeout, network): try again later. */
export class PosUnavailableError extends Error {
  constructor(
    message: string,
    /** When the POS asked us to come back (Retry-After), in ms; otherwise back off on our own. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'PosUnavailableError';
  }
}

/** What a poll of one contract found. */
export type PollResult = {
  transactions: PosTransaction[];
  rejected: RejectedRow[];
  /** Where the next poll starts (opaque to the caller; saved after the transactions are recorded). */
  checkpoint: string;
  /**
   * True when the poll read only one window of a longer backlog: save the
   * checkpoint, then poll again at once. A restart then goes on from the
   * last window saved instead of reading the whole backlog again.
   */
  more?: boolean;
};

/** How much of a backlog one poll reads at most, by default: one day of POS time. */
export const DEFAULT_POLL_WINDOW_MS = 24 * 3_600_000;

/** Reads a contract's transactions, new and changed, since a checkpoint. */
export interface TransactionSource {
  /**
   * The transactions created or changed since `checkpoint` (null: from
   * `since`), re-reading a trailing window so that a later change of a
   * row already read (a cancel) is seen. A transaction may come again in
   * a later poll: recording is idempotent. A source may read a long
   * backlog a window at a time (`more`).
   */
  poll(checkpoint: string | null, options: { now: Date; since: Date }): Promise<PollResult>;
}
