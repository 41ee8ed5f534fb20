import { DEFAULT_POLL_WINDOW_MS, type PollResult, type TransactionSource } from '@regicam/pos';
import type { SmaregiLegacyClient } from './legacy-client';
import type { SmaregiPlatformClient } from './platform-client';
import { isoJst, parseSmaregiTime } from './time';
import { toPosTransactions } from './transaction-head';

export type SmaregiSourceOptions = {
  /** How far before the checkpoint each poll re-reads (default 10 minutes). */
  trailingWindowMs?: number;
  /** The most of a backlog one poll reads, by updDateTime (default one day). */
  pollWindowMs?: number;
};

const TRAILING_WINDOW_MS = 10 * 60_000;
/**
 * The Platform API needs an end to its range: `now` plus this margin, so a
 * row changed while we page (its updDateTime moving to Smaregi's now, which
 * may run ahead of ours) stays in the range and no row shifts out of a page.
 */
const PLATFORM_END_MARGIN_MS = 60 * 60_000;

/**
 * One poll, the same for both APIs:
 * 1. start at the checkpoint minus the trailing window (or at `since` the
 *    first time), so a cancel that changed a row already read is seen again;
 * 2. a backlog longer than the poll window is read one window at a time:
 *    the rows updated up to the window's end, and `more` says to go on;
 * 3. otherwise read every row updated since then, all pages;
 * 4. map them (sales, cancels, rejected rows);
 * 5. the new checkpoint is the window's end, or the highest updDateTime
 *    seen (never lower than the previous one). Rows read twice are
 *    recorded once downstream.
 */
async function poll(
  read: (from: Date, to: Date | null, now: Date) => Promise<Record<string, unknown>[]>,
  contractId: string,
  checkpoint: string | null,
  { now, since }: { now: Date; since: Date },
  options: SmaregiSourceOptions,
): Promise<PollResult> {
  const saved = checkpoint === null ? NaN : Date.parse(checkpoint);
  const trailing = options.trailingWindowMs ?? TRAILING_WINDOW_MS;
  const from = Number.isNaN(saved) ? since : new Date(saved - trailing);
  // Only windows ending a trailing window before our now: Smaregi's clock may differ from ours a little.
  const end = from.getTime() + (options.pollWindowMs ?? DEFAULT_POLL_WINDOW_MS);
  const windowEnd = end < now.getTime() - trailing ? new Date(end) : null;
  const rows = await read(from, windowEnd, now);
  const { transactions, rejected } = toPosTransactions(rows, contractId);
  const seen = rows.map((row) => parseSmaregiTime(row?.['updDateTime'])).filter((ms) => !Number.isNaN(ms));
  const highest = Math.max(Number.isNaN(saved) ? since.getTime() : saved, windowEnd?.getTime() ?? 0, ...seen);
  return { transactions, rejected, checkpoint: isoJst(highest), more: windowEnd !== null };
}

/** Polls the legacy スマレジAPI by updDateTime. */
export class SmaregiLegacySource implements TransactionSource {
  constructor(
    private readonly client: SmaregiLegacyClient,
    private readonly options: SmaregiSourceOptions = {},
  ) {}

  poll(checkpoint: string | null, options: { now: Date; since: Date }): Promise<PollResult> {
    return poll(
      (from, to) => this.client.transactionsUpdatedSince(from, to ?? undefined),
      this.client.contractId,
      checkpoint,
      options,
      this.options,
    );
  }
}

/** Polls the Platform API by upd_date_time, in windows of at most 31 days. */
export class SmaregiPlatformSource implements TransactionSource {
  constructor(
    private readonly client: SmaregiPlatformClient,
    private readonly options: SmaregiSourceOptions = {},
  ) {}

  poll(checkpoint: string | null, options: { now: Date; since: Date }): Promise<PollResult> {
    const read = (from: Date, to: Date | null, now: Date) =>
      this.client.transactionsUpdatedSince(from, to ?? new Date(now.getTime() + PLATFORM_END_MARGIN_MS));
    return poll(read, this.client.contractId, checkpoint, options, this.options);
  }
}
