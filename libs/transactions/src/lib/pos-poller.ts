import type { EventStore } from '@regicam/event-store';
import { PosRejectedError, type TransactionSource } from '@regicam/pos';
import type { Collection, ReadDocument, ReadStore } from '@regicam/read-store';
import { createHash } from 'node:crypto';
import { recordTransaction } from './record-transaction';

/** One POS contract (or account) to poll. */
export type PollTarget = {
  /** Stable: `smaregi:<contract>` or `ubiregi:<account>`. */
  key: string;
  source: TransactionSource;
  /** Where a first poll starts. */
  since: Date;
};

/** How polling a contract goes, kept in the read store (`pos_polls`) for the API and operators. */
export type PollState = ReadDocument & {
  checkpoint: string | null;
  status: 'ok' | 'failing' | 'needs_reconnect';
  lastSuccessAt: string | null;
  lastError: string | null;
  failures: number;
  nextAt: string;
  recorded: number;
};

/** A POS row that could not be made a transaction, with why (`pos_dead_letters`). */
export type PosDeadLetter = ReadDocument & { source: string; reason: string; raw: string; at: string };

export type PosPollerOptions = {
  /** Between two polls of a healthy contract (default 30 s). */
  intervalMs?: number;
  /** The longest backoff of a failing contract (default 10 min); credentials refused wait an hour. */
  maxBackoffMs?: number;
  /** Contracts polled at the same time (default 4). */
  concurrency?: number;
  actor?: string;
  now?: () => Date;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
};

/**
 * Polls every contract on its own schedule:
 * 1. poll from the saved checkpoint (the source re-reads a trailing window);
 * 2. record each transaction (idempotent: a stream per transaction);
 * 3. set rejected rows aside as dead letters, with the reason;
 * 4. only then save the new checkpoint: a crash in between polls again from
 *    the old one, and recording again is harmless.
 * A failing contract backs off alone; the others go on.
 */
export class PosPoller {
  private timer?: NodeJS.Timeout;
  private readonly running = new Map<string, Promise<void>>();
  private stopped = false;

  private constructor(
    private readonly events: EventStore,
    private readonly states: Collection<PollState>,
    private readonly dead: Collection<PosDeadLetter>,
    private readonly targets: () => Promise<PollTarget[]>,
    private readonly options: PosPollerOptions,
  ) {}

  static async open(
    events: EventStore,
    store: ReadStore,
    targets: () => Promise<PollTarget[]>,
    options: PosPollerOptions = {},
  ) {
    const states = await store.collection<PollState>('pos_polls', { indexes: [{ fields: [['status', 1]] }] });
    const dead = await store.collection<PosDeadLetter>('pos_dead_letters', {
      indexes: [
        {
          fields: [
            ['source', 1],
            ['at', 1],
          ],
        },
      ],
    });
    return new PosPoller(events, states, dead, targets, options);
  }

  /** Checks every second which contracts are due. */
  start(): void {
    this.stopped = false;
    const tick = async () => {
      await this.pollDue().catch((e: unknown) => this.options.log?.('error', `POS polling: ${String(e)}`));
      if (!this.stopped) this.timer = setTimeout(() => void tick(), 1000);
    };
    void tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.all(this.running.values());
  }

  /** Polls the contracts that are due (all of them with `force`) and waits for them. */
  async pollDue(force = false): Promise<void> {
    const now = this.now();
    const limit = this.options.concurrency ?? 4;
    for (const target of await this.targets()) {
      if (this.running.has(target.key)) continue;
      const state = await this.states.get(target.key);
      if (!force && state && Date.parse(state.nextAt) > now.getTime()) continue;
      while (this.running.size >= limit) await Promise.race(this.running.values());
      const run = this.pollOne(target, state).finally(() => this.running.delete(target.key));
      this.running.set(target.key, run);
    }
    await Promise.all(this.running.values());
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private async pollOne(target: PollTarget, state: PollState | null): Promise<void> {
    const started = this.now();
    const base: PollState = state ?? {
      id: target.key,
      version: 0,
      checkpoint: null,
      status: 'ok',
      lastSuccessAt: null,
      lastError: null,
      failures: 0,
      nextAt: started.toISOString(),
      recorded: 0,
    };
    try {
      const result = await target.source.poll(base.checkpoint, { now: started, since: target.since });
      let recorded = 0;
      for (const tx of result.transactions) {
        const r = await recordTransaction(this.events, tx, {
          actor: `system:${target.key.split(':')[0]}-poller`,
          at: this.now().toISOString(),
        });
        if (r.recorded) recorded++;
      }
      for (const row of result.rejected) await this.deadLetter(target.key, row.raw, row.reason);
      await this.save({
        ...base,
        version: base.version + 1,
        checkpoint: result.checkpoint,
        status: 'ok',
        lastSuccessAt: this.now().toISOString(),
        lastError: null,
        failures: 0,
        nextAt: new Date(this.now().getTime() + (this.options.intervalMs ?? 30_000)).toISOString(),
        recorded: base.recorded + recorded,
      });
      if (recorded > 0) this.options.log?.('info', `${target.key}: recorded ${recorded} new transactions`);
    } catch (error) {
      const failures = base.failures + 1;
      const rejected = error instanceof PosRejectedError;
      const wait = rejected
        ? 3_600_000
        : Math.min(this.options.maxBackoffMs ?? 600_000, 1000 * 2 ** Math.min(failures, 20));
      const message = error instanceof Error ? error.message : String(error);
      this.options.log?.(
        'warn',
        `${target.key}: poll failed (${failures} in a row), next try in ${Math.round(wait / 1000)} s: ${message}`,
      );
      await this.save({
        ...base,
        version: base.version + 1,
        status: rejected ? 'needs_reconnect' : 'failing',
        lastError: message,
        failures,
        nextAt: new Date(this.now().getTime() + wait).toISOString(),
      });
    }
  }

  private async save(state: PollState): Promise<void> {
    await this.states.upsert(state);
  }

  /** Sets a POS row aside with the reason (idempotent: the same row twice is one record). */
  async deadLetter(source: string, raw: unknown, reason: string): Promise<void> {
    const text = JSON.stringify(raw) ?? String(raw);
    const id = createHash('sha256').update(`${source}\n${text}`).digest('hex').slice(0, 32);
    await this.dead.upsert({ id, version: 1, source, reason, raw: text, at: this.now().toISOString() });
    this.options.log?.('warn', `${source}: a POS row was set aside (${reason})`);
  }

  /** The poll state of every contract, for the API and operators. */
  async status(key: string): Promise<PollState | null> {
    return this.states.get(key);
  }
}
