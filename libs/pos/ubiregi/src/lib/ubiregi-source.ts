import {
  DEFAULT_POLL_WINDOW_MS,
  type PollResult,
  type PosTransaction,
  type RejectedRow,
  type TransactionSource,
} from '@regicam/pos';
import { mapCheckout } from './checkout-mapping';
import type { UbiregiClient } from './ubiregi-client';

export type UbiregiSourceOptions = {
  /** How far before the checkpoint each poll reads again, so late changes (a cancel) are seen. Default 10 min. */
  trailingWindowMs?: number;
  /** The most of a backlog one poll reads, by updated_at (default one day). */
  pollWindowMs?: number;
};

/**
 * Polls one Ubiregi account. The checkpoint is the `timestamp` Ubiregi
 * returned (the server's clock, so the register's and ours do not matter);
 * each poll asks for checkouts updated since the checkpoint minus a
 * trailing window, and a checkout read twice is recorded once.
 */
export class UbiregiSource implements TransactionSource {
  private readonly windowMs: number;
  private readonly pollWindowMs: number;

  constructor(
    private readonly client: UbiregiClient,
    options: UbiregiSourceOptions = {},
  ) {
    this.windowMs = options.trailingWindowMs ?? 10 * 60_000;
    this.pollWindowMs = options.pollWindowMs ?? DEFAULT_POLL_WINDOW_MS;
  }

  async poll(checkpoint: string | null, options: { now: Date; since: Date }): Promise<PollResult> {
    // 1. The account: its id for the path, its cashiers for the staff names.
    const account = await this.client.currentAccount();
    // 2. Where to start: the checkpoint less the window, or `since` on the first poll.
    const saved = checkpoint === null ? Number.NaN : Date.parse(checkpoint);
    const from = Number.isNaN(saved) ? options.since : new Date(saved - this.windowMs);
    // 3. A backlog longer than the poll window is read a window at a time (`until`; `more` goes on).
    //    Only windows ending a trailing window before our now: Ubiregi's clock may differ from ours a little.
    const end = from.getTime() + this.pollWindowMs;
    const until = end < options.now.getTime() - this.windowMs ? new Date(end) : null;
    // 4. Every page, then each row mapped on its own: a bad row never hides the others.
    const batch = await this.client.checkoutsSince(from, account.id, until ?? undefined);
    const transactions: PosTransaction[] = [];
    const rejected: RejectedRow[] = [];
    for (const raw of batch.checkouts) {
      const mapped = mapCheckout(raw, account, this.client.terminalMapping);
      if (mapped.ok) transactions.push(...mapped.transactions);
      else rejected.push(mapped.rejected);
    }
    return { transactions, rejected, checkpoint: batch.timestamp, more: until !== null };
  }
}
