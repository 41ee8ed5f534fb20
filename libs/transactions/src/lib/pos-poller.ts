import { PosRejectedError, type TransactionSource } from '@regicam/pos';
import type { Collection, ReadDocument, ReadStore } from '@regicam/read-store';
import { KeyedSchedule } from '@regicam/roles';
import type { IngestLog, PosIngest } from './pos-ingest';

/** One POS contract (or account) to poll. */
export type PollTarget = {
  /** Stable: `smaregi:<contract>` or `ubiregi:<account>`. */
  key: string;
  source: TransactionSource;
  /** Where a first poll starts. */
  since: Date;
};

/**
 * How polling a contract goes, kept in the read store (`pos_polls`, a
 * record of its own) for the API, the operators and the other pollers:
 * a poller works on a contract only while it holds the claim.
 */
export type PollState = ReadDocument & {
  checkpoint: string | null;
  status: 'ok' | 'failing' | 'needs_reconnect';
  lastSuccessAt: string | null;
  lastError: string | null;
  failures: number;
  nextAt: string;
  recorded: number;
  /** The poller instance working on the contract, until `claimedUntil`. */
  claimedBy: string | null;
  claimedUntil: string | null;
  /** When a push or webhook last asked for an early poll (debounced). */
  requestedAt: string | null;
};

export const POS_POLLS = 'pos_polls';

export type PosPollerOptions = {
  /** Between two polls of a healthy contract (default 30 s). */
  intervalMs?: number;
  /** The longest backoff of a failing contract (default 10 min); credentials refused wait an hour. */
  maxBackoffMs?: number;
  /** Contracts polled at the same time by this poller (default 16). */
  concurrency?: number;
  /** How often the poller looks for contracts that are due (default 1 s). */
  tickMs?: number;
  /** How long the target list is reused before it is asked again (default 10 s). */
  targetsTtlMs?: number;
  /** How long a claim lasts without renewal; renewed after every window (default 2 min). */
  claimMs?: number;
  /** Requests for an early poll of one contract closer together than this are merged (default 5 s). */
  requestDebounceMs?: number;
  /** This poller's name in the claims (default: a random id). */
  instanceId?: string;
  now?: () => Date;
  log?: IngestLog;
};

/**
 * Polls every contract on its own schedule; one slow or failing contract
 * never delays the others. For each contract that is due:
 * 1. claim it (compare-and-set on its poll state), so that of several
 *    pollers only one works on it;
 * 2. poll from the saved checkpoint (the source re-reads a trailing window);
 * 3. ingest: record each transaction, set each bad row aside;
 * 4. only then save the new checkpoint (renewing the claim): a crash in
 *    between polls again from the old one, and recording again is harmless;
 * 5. while the source says a backlog has more windows, go on with 2;
 * 6. schedule the next poll, or back off after a failure (alone: the
 *    others go on).
 */
export class PosPoller extends KeyedSchedule<PollTarget, PollState> {
  private constructor(
    states: Collection<PollState>,
    private readonly ingest: PosIngest,
    listTargets: () => Promise<PollTarget[]>,
    private readonly options: PosPollerOptions,
  ) {
    super(states, {
      ...options,
      name: 'POS polling',
      targets: listTargets,
      keyOf: (t) => t.key,
      initialState: (t, now) => initialState(t.key, now),
      concurrency: options.concurrency ?? 16,
    });
  }

  static async open(
    store: ReadStore,
    ingest: PosIngest,
    targets: () => Promise<PollTarget[]>,
    options: PosPollerOptions = {},
  ): Promise<PosPoller> {
    return new PosPoller(await openPollStates(store), ingest, targets, options);
  }

  /** Polls every contract now, due or not (operators, tests), and waits for the polls to end. */
  pollNow(): Promise<void> {
    return this.runNow();
  }

  /**
   * Asks for an early poll of a contract (a push or webhook came in): its
   * next poll is moved to now. Requests within the debounce are merged.
   * Works across processes: the poller holding the contract sees the new
   * time at its next tick. Returns whether the poll was moved.
   */
  async requestPoll(key: string): Promise<boolean> {
    const now = this.now();
    const state = await this.states.get(key);
    // A contract being polled right now is left alone: the poll in progress holds its state.
    if (!state || Date.parse(state.claimedUntil ?? '') > now.getTime()) return false;
    const debounce = this.options.requestDebounceMs ?? 5000;
    if (state.requestedAt && Date.parse(state.requestedAt) + debounce > now.getTime()) return false;
    if (Date.parse(state.nextAt) <= now.getTime()) return false;
    return (await this.save(state, { nextAt: now.toISOString(), requestedAt: now.toISOString() })) !== null;
  }

  /** The poll state of a contract, for the API and operators. */
  status(key: string): Promise<PollState | null> {
    return this.states.get(key);
  }

  /** Polls one claimed contract, window after window, saving each (see the steps above). */
  protected async work(target: PollTarget, claimed: PollState): Promise<void> {
    let state = claimed;
    const actor = `system:${target.key.split(':')[0]}-poller`;
    try {
      for (;;) {
        const result = await target.source.poll(state.checkpoint, { now: this.now(), since: target.since });
        const outcome = await this.ingest.ingest(target.key, result, actor);
        const saved = await this.save(state, {
          checkpoint: result.checkpoint,
          recorded: state.recorded + outcome.recorded,
          claimedUntil: this.claimUntil(),
        });
        if (!saved) return this.lostClaim(target.key);
        state = saved;
        if (outcome.recorded > 0)
          this.options.log?.('info', `${target.key}: recorded ${outcome.recorded} new transactions`);
        if (!result.more || this.stopping) break;
      }
      await this.save(state, {
        status: 'ok',
        lastSuccessAt: this.now().toISOString(),
        lastError: null,
        failures: 0,
        nextAt: this.later(this.options.intervalMs ?? 30_000),
        claimedBy: null,
        claimedUntil: null,
      });
    } catch (error) {
      const failures = state.failures + 1;
      const rejected = error instanceof PosRejectedError;
      const wait = rejected
        ? 3_600_000
        : Math.min(this.options.maxBackoffMs ?? 600_000, 1000 * 2 ** Math.min(failures, 20));
      const message = error instanceof Error ? error.message : String(error);
      this.options.log?.(
        'warn',
        `${target.key}: poll failed (${failures} in a row), next try in ${Math.round(wait / 1000)} s: ${message}`,
      );
      await this.save(state, {
        status: rejected ? 'needs_reconnect' : 'failing',
        lastError: message,
        failures,
        nextAt: this.later(wait),
        claimedBy: null,
        claimedUntil: null,
      });
    }
  }

  private lostClaim(key: string): void {
    this.options.log?.('warn', `${key}: another poller took the contract over; this one stops polling it`);
  }
}

/** The poll states (`pos_polls`), for whoever reads them without polling (health, the API). */
export function openPollStates(store: ReadStore): Promise<Collection<PollState>> {
  return store.collection<PollState>(POS_POLLS, { indexes: [{ fields: [['status', 1]] }] });
}

function initialState(key: string, now: Date): PollState {
  return {
    id: key,
    version: 0,
    checkpoint: null,
    status: 'ok',
    lastSuccessAt: null,
    lastError: null,
    failures: 0,
    nextAt: now.toISOString(),
    recorded: 0,
    claimedBy: null,
    claimedUntil: null,
    requestedAt: null,
  };
}
