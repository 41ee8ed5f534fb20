import { PosRejectedError, type TransactionSource } from '@regicam/pos';
import type { Collection, ReadDocument, ReadStore } from '@regicam/read-store';
import { randomUUID } from 'node:crypto';
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
export class PosPoller {
  private timer?: NodeJS.Timeout;
  private readonly running = new Map<string, Promise<void>>();
  private targets: PollTarget[] = [];
  private targetsAt = Number.NEGATIVE_INFINITY;
  private looping = false;
  private stopping = false;
  private ticking?: Promise<void>;
  readonly instanceId: string;

  private constructor(
    private readonly states: Collection<PollState>,
    private readonly ingest: PosIngest,
    private readonly listTargets: () => Promise<PollTarget[]>,
    private readonly options: PosPollerOptions,
  ) {
    this.instanceId = options.instanceId ?? randomUUID();
  }

  static async open(
    store: ReadStore,
    ingest: PosIngest,
    targets: () => Promise<PollTarget[]>,
    options: PosPollerOptions = {},
  ): Promise<PosPoller> {
    return new PosPoller(await openPollStates(store), ingest, targets, options);
  }

  /** Looks for due contracts every tick until stopped. */
  start(): void {
    if (this.looping) return;
    this.looping = true;
    this.stopping = false;
    const loop = () => {
      this.ticking = this.tick()
        .catch((e: unknown) => this.options.log?.('error', `POS polling: ${String(e)}`))
        .finally(() => {
          if (this.looping) this.timer = setTimeout(loop, this.options.tickMs ?? 1000);
        });
    };
    loop();
  }

  /** Stops looking; resolves once the polls in progress have saved their last window. */
  async stop(): Promise<void> {
    this.looping = false;
    this.stopping = true;
    clearTimeout(this.timer);
    await this.ticking;
    await this.idle();
  }

  /** Resolves when no poll of this poller is in progress. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  /** The contracts this poller is polling right now. */
  get inProgress(): string[] {
    return [...this.running.keys()];
  }

  /**
   * Starts a poll of every contract that is due and not claimed by another
   * poller, up to the concurrency, without waiting for them to finish.
   */
  async tick(options: { force?: boolean } = {}): Promise<void> {
    const now = this.now();
    if (now.getTime() - this.targetsAt >= (this.options.targetsTtlMs ?? 10_000)) {
      this.targets = await this.listTargets();
      this.targetsAt = now.getTime();
    }
    const states = await this.statesOf(this.targets.map((t) => t.key));
    for (const target of this.targets) {
      if (this.running.size >= (this.options.concurrency ?? 16)) return;
      if (this.running.has(target.key)) continue;
      const state = states.get(target.key) ?? null;
      if (state && !options.force && Date.parse(state.nextAt) > now.getTime()) continue;
      if (
        state?.claimedBy &&
        state.claimedBy !== this.instanceId &&
        Date.parse(state.claimedUntil ?? '') > now.getTime()
      )
        continue;
      const claimed = await this.save(state ?? initialState(target.key, now), {
        claimedBy: this.instanceId,
        claimedUntil: this.later(this.options.claimMs ?? 120_000),
      });
      if (!claimed) continue;
      const run = this.pollOne(target, claimed)
        .catch((e: unknown) => this.options.log?.('error', `${target.key}: ${String(e)}`))
        .finally(() => this.running.delete(target.key));
      this.running.set(target.key, run);
    }
  }

  /** Polls every contract now, due or not (operators, tests), and waits for the polls to end. */
  async pollNow(): Promise<void> {
    this.refreshTargets();
    await this.tick({ force: true });
    await this.idle();
  }

  /** Forgets the cached target list, so the next tick asks for it again (a link was added). */
  refreshTargets(): void {
    this.targetsAt = Number.NEGATIVE_INFINITY;
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

  private async pollOne(target: PollTarget, claimed: PollState): Promise<void> {
    let state = claimed;
    const actor = `system:${target.key.split(':')[0]}-poller`;
    try {
      for (;;) {
        const result = await target.source.poll(state.checkpoint, { now: this.now(), since: target.since });
        const outcome = await this.ingest.ingest(target.key, result, actor);
        const saved = await this.save(state, {
          checkpoint: result.checkpoint,
          recorded: state.recorded + outcome.recorded,
          claimedUntil: this.later(this.options.claimMs ?? 120_000),
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

  /** The stored states of these contracts, read in pages. */
  private async statesOf(keys: string[]): Promise<Map<string, PollState>> {
    const out = new Map<string, PollState>();
    for (let i = 0; i < keys.length; i += 500) {
      const page = await this.states.find({ id: { $in: keys.slice(i, i + 500) } }, { limit: 500 });
      for (const state of page.items) out.set(state.id, state);
    }
    return out;
  }

  private lostClaim(key: string): void {
    this.options.log?.('warn', `${key}: another poller took the contract over; this one stops polling it`);
  }

  /** Writes the state over the version it was read at; null when another writer came first. */
  private async save(state: PollState, change: Partial<PollState>): Promise<PollState | null> {
    const next = { ...state, ...change, id: state.id, version: state.version + 1 };
    return (await this.states.upsert(next)) === 'applied' ? next : null;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private later(ms: number): string {
    return new Date(this.now().getTime() + ms).toISOString();
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
