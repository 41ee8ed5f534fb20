import type { EventFilter, EventStore, StoredEvent, Subscription } from '@regicam/event-store';
import type { ReadStore } from '@regicam/read-store';

/**
 * What a checkpointed subscriber does with the events: `prepare` turns one
 * event into work (it may look at the work prepared before it in the
 * batch); `commit` carries out a batch's work and saves the checkpoint
 * (the position of the batch's last event) only after it; the work must be
 * idempotent, because a crash between the work and the checkpoint delivers
 * the batch again.
 */
export type SubscriberSink<W> = {
  /** The checkpoint's name: one position per subscriber. */
  name: string;
  /** How the log names it (default: its name), e.g. `projection links`. */
  label?: string;
  filter: EventFilter;
  /** `pending`: the work prepared before this event and not yet committed, the batch being committed included. */
  prepare(event: StoredEvent, pending: readonly W[]): Promise<W>;
  commit(work: W[], checkpoint: string): Promise<void>;
};

export type SubscriberState = 'stopped' | 'running' | 'restarting' | 'failed';

export type SubscriberStatus = {
  name: string;
  state: SubscriberState;
  /** The position of the last event committed, or null before any. */
  checkpoint: string | null;
  /** Failures since the last batch committed; `failed` from `failedAfter` on (it still retries). */
  consecutiveFailures: number;
  restarts: number;
  lastError: string | null;
};

export type SubscriberOptions = {
  /** The most events committed at once (default 200). */
  batchSize?: number;
  /** The first pause before a restart; doubled each time up to `maxRestartDelayMs` (defaults 500 ms and 30 s). */
  restartDelayMs?: number;
  maxRestartDelayMs?: number;
  /** Failures in a row after which the subscriber counts as failed rather than restarting (default 5). */
  failedAfter?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
};

/**
 * Follows the event store from a saved checkpoint, the same way for every
 * subscriber (the projections, the relay):
 * 1. resumes after the checkpoint (positions are exclusive);
 * 2. prepares each event's work, in log order;
 * 3. commits the work of a batch (full, or a lone event once the events
 *    queued before it are in) and then its checkpoint; a commit that fails
 *    (a store or broker that is down) is retried with a growing pause: the
 *    batch is never skipped;
 * 4. when preparing fails (a bug, a store that is gone), commits what the
 *    batch holds before the failing event, then restarts from the
 *    checkpoint after a pause that doubles up to a cap, for as long as it
 *    runs: `restarting`, and `failed` once it has failed `failedAfter` times
 *    in a row. The next batch committed clears the count.
 */
export class CheckpointedSubscriber<W> {
  private subscription?: Subscription;
  private pending: { event: StoredEvent; work: W }[] = [];
  /**
   * The batch whose commit is in progress. An event delivered meanwhile is
   * prepared with it in view: the store does not hold it yet, and reading
   * the store alone would build on an older document (a lost update).
   */
  private committing: W[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private position: string | null = null;
  private readonly waiters: { position: string; resolve: () => void }[] = [];
  private state: SubscriberState = 'stopped';
  private consecutiveFailures = 0;
  private restarts = 0;
  private lastError: string | null = null;
  private restartTimer?: NodeJS.Timeout;

  constructor(
    private readonly sink: SubscriberSink<W>,
    private readonly events: EventStore,
    private readonly checkpoints: ReadStore,
    private readonly options: SubscriberOptions = {},
  ) {}

  get name(): string {
    return this.sink.name;
  }

  private get label(): string {
    return this.sink.label ?? this.sink.name;
  }

  /** The position committed last, or null before any event. */
  get checkpoint(): string | null {
    return this.position;
  }

  async start(): Promise<void> {
    if (this.state !== 'stopped') return;
    this.state = 'running';
    await this.subscribe();
  }

  /** Stops delivering; resolves once the batch in hand is committed. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    clearTimeout(this.restartTimer);
    await this.subscription?.stop();
    this.subscription = undefined;
    await this.flush();
  }

  status(): SubscriberStatus {
    return {
      name: this.sink.name,
      state: this.state,
      checkpoint: this.position,
      consecutiveFailures: this.consecutiveFailures,
      restarts: this.restarts,
      lastError: this.lastError,
    };
  }

  /** Resolves once the event at `position` is committed, or rejects after `timeoutMs`. */
  waitFor(position: string, timeoutMs = 5000): Promise<void> {
    if (this.position !== null && this.events.comparePositions(this.position, position) >= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`${this.label} did not reach ${position} within ${timeoutMs} ms`));
      }, timeoutMs);
      const waiter = {
        position,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.waiters.push(waiter);
    });
  }

  private async subscribe(): Promise<void> {
    this.position = await this.checkpoints.checkpoint(this.sink.name);
    this.subscription = this.events.subscribeToAll({
      after: this.position ?? undefined,
      filter: this.sink.filter,
      handler: (event) => this.accept(event),
      onError: (error) => void this.failed(error),
    });
  }

  /** 4. Keeps what the batch did before the failure, then restarts from the checkpoint after a pause. */
  private async failed(error: unknown): Promise<void> {
    if (this.state === 'stopped') return;
    this.consecutiveFailures++;
    this.lastError = error instanceof Error ? error.message : String(error);
    this.state = this.consecutiveFailures >= (this.options.failedAfter ?? 5) ? 'failed' : 'restarting';
    const base = this.options.restartDelayMs ?? 500;
    const delay = Math.min(this.options.maxRestartDelayMs ?? 30_000, base * 2 ** (this.consecutiveFailures - 1));
    this.options.log?.(
      'error',
      `${this.label} stopped (${this.consecutiveFailures} failure(s) in a row), restarting in ${delay} ms: ${this.lastError}`,
    );
    await this.subscription?.stop();
    await this.flush().catch(() => undefined);
    // stop() may have come while the subscription ended.
    if ((this.state as SubscriberState) === 'stopped') return;
    this.restartTimer = setTimeout(() => {
      if (this.state === 'stopped') return;
      this.restarts++;
      this.subscribe().catch((e: unknown) => void this.failed(e));
    }, delay);
  }

  private async accept(event: StoredEvent): Promise<void> {
    const work = await this.sink.prepare(event, [...this.committing, ...this.pending.map((p) => p.work)]);
    this.pending.push({ event, work });
    if (this.pending.length >= (this.options.batchSize ?? 200)) {
      await this.flush();
    } else {
      // A lone event is committed at once, after the events already queued behind it.
      setImmediate(() => void this.flush().catch(() => undefined));
    }
  }

  private flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.pending.length === 0) return;
      const batch = this.pending;
      this.pending = [];
      this.committing = batch.map((b) => b.work);
      const last = batch[batch.length - 1].event.position;
      for (let attempt = 1; ; attempt++) {
        try {
          await this.sink.commit(
            batch.map((b) => b.work),
            last,
          );
          break;
        } catch (error) {
          const delay = Math.min(10_000, 100 * 2 ** attempt);
          this.options.log?.(
            'warn',
            `${this.label}: commit failed (attempt ${attempt}), retrying in ${delay} ms: ${String(error)}`,
          );
          await new Promise((r) => setTimeout(r, delay));
        }
      }
      this.committing = [];
      this.position = last;
      if (this.state !== 'stopped') {
        this.state = 'running';
        this.consecutiveFailures = 0;
      }
      for (const w of [...this.waiters]) {
        if (this.events.comparePositions(last, w.position) >= 0) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    });
    return this.flushing;
  }
}
