import type { Collection, ReadDocument } from '@regicam/read-store';
import { randomUUID } from 'node:crypto';
import type { RoleLog } from './role';

/**
 * What a key's state document (one per POS contract, per camera) holds for
 * the schedule: when the key is next due, and which instance works on it
 * until when. The rest of the document is the work's own.
 */
export type ScheduledState = ReadDocument & {
  nextAt: string;
  claimedBy: string | null;
  claimedUntil: string | null;
};

export type KeyedScheduleOptions<T, S extends ScheduledState> = {
  /** The work's name in the log (`POS polling`, `camera gateway`). */
  name: string;
  /** What there is to work on; asked again after `targetsTtlMs`. */
  targets: () => Promise<T[]>;
  keyOf: (target: T) => string;
  /** The state of a key never worked on. */
  initialState: (target: T, now: Date) => S;
  /** Fields written with the claim besides it. */
  onClaim?: (target: T) => Partial<S>;
  /** Keys worked on at the same time by this instance. */
  concurrency: number;
  /** How often due keys are looked for (default 1 s). */
  tickMs?: number;
  /** How long the target list is reused (default 10 s). */
  targetsTtlMs?: number;
  /** How long a claim lasts without renewal (default 2 min). */
  claimMs?: number;
  /** This instance's name in the claims (default: a random id). */
  instanceId?: string;
  now?: () => Date;
  log?: RoleLog;
};

/**
 * Work per key, each key on its own schedule, shared by the instances of a
 * role through claims in the keys' state documents: one slow or failing key
 * never delays the others. Every tick, for each key that is due and that no
 * other instance holds (its claim has run out), up to the concurrency:
 * 1. claim it: compare-and-set on the state's version, so that of several
 *    instances exactly one gets it;
 * 2. start its work without waiting for it.
 * `stop()` stops looking and waits for the work in hand, which sees
 * `stopping` and ends after the step it is in. A subclass says what the
 * work of a key is (`work`).
 */
export abstract class KeyedSchedule<T, S extends ScheduledState> {
  readonly instanceId: string;
  private timer?: NodeJS.Timeout;
  private readonly running = new Map<string, Promise<void>>();
  private targets: T[] = [];
  private targetsAt = Number.NEGATIVE_INFINITY;
  private looping = false;
  private halting = false;
  private ticking?: Promise<void>;

  protected constructor(
    protected readonly states: Collection<S>,
    private readonly schedule: KeyedScheduleOptions<T, S>,
  ) {
    this.instanceId = schedule.instanceId ?? randomUUID();
  }

  /**
   * Works on one claimed key. It saves its progress with `save` (renewing
   * the claim with `claimedUntil: this.claimUntil()`), and at the end
   * writes the next due time and `claimedBy: null`.
   */
  protected abstract work(target: T, claimed: S): Promise<void>;

  /** Looks for due keys every tick until stopped. */
  start(): void {
    if (this.looping) return;
    this.looping = true;
    this.halting = false;
    const loop = () => {
      this.ticking = this.tick()
        .catch((e: unknown) => this.schedule.log?.('error', `${this.schedule.name}: ${String(e)}`))
        .finally(() => {
          if (this.looping) this.timer = setTimeout(loop, this.schedule.tickMs ?? 1000);
        });
    };
    loop();
  }

  /** Stops looking; resolves once the work in progress has ended. */
  async stop(): Promise<void> {
    this.looping = false;
    this.halting = true;
    clearTimeout(this.timer);
    await this.ticking;
    await this.idle();
  }

  /** Resolves when no work of this instance is in progress. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all(this.running.values());
  }

  /** The keys this instance works on right now. */
  get inProgress(): string[] {
    return [...this.running.keys()];
  }

  get started(): boolean {
    return this.looping;
  }

  /** True once `stop()` was called: work in hand ends after its current step. */
  get stopping(): boolean {
    return this.halting;
  }

  /** Starts the work of every key that is due (every key with `force`) and not held by another instance. */
  async tick(options: { force?: boolean } = {}): Promise<void> {
    const now = this.now();
    const targets = await this.currentTargets();
    const states = await this.statesOf(targets.map(this.schedule.keyOf));
    for (const target of targets) {
      const key = this.schedule.keyOf(target);
      if (this.running.size >= this.schedule.concurrency) return;
      if (this.running.has(key)) continue;
      const state = states.get(key) ?? null;
      if (state && !options.force && Date.parse(state.nextAt) > now.getTime()) continue;
      if (heldByAnother(state, this.instanceId, now)) continue;
      const claimed = await this.save(state ?? this.schedule.initialState(target, now), {
        ...this.schedule.onClaim?.(target),
        claimedBy: this.instanceId,
        claimedUntil: this.claimUntil(),
      } as Partial<S>);
      if (!claimed) continue;
      const run = this.work(target, claimed)
        .catch((e: unknown) => this.schedule.log?.('error', `${this.schedule.name} ${key}: ${String(e)}`))
        .finally(() => this.running.delete(key));
      this.running.set(key, run);
    }
  }

  /** Works on every key now, due or not, and waits for the work to end. */
  async runNow(): Promise<void> {
    this.refreshTargets();
    await this.tick({ force: true });
    await this.idle();
  }

  /** Forgets the cached target list, so the next tick asks for it again. */
  refreshTargets(): void {
    this.targetsAt = Number.NEGATIVE_INFINITY;
  }

  /** The target list, asked again once it is older than `targetsTtlMs`. */
  protected async currentTargets(): Promise<T[]> {
    const now = this.now().getTime();
    if (now - this.targetsAt >= (this.schedule.targetsTtlMs ?? 10_000)) {
      this.targets = await this.schedule.targets();
      this.targetsAt = now;
    }
    return this.targets;
  }

  /** The stored states of these keys, read in pages. */
  protected async statesOf(keys: string[]): Promise<Map<string, S>> {
    const out = new Map<string, S>();
    for (let i = 0; i < keys.length; i += 500) {
      const page = await this.states.find({ id: { $in: keys.slice(i, i + 500) } }, { limit: 500 });
      for (const state of page.items) out.set(state.id, state);
    }
    return out;
  }

  /** Writes the state over the version it was read at; null when another writer came first. */
  protected async save(state: S, change: Partial<S>): Promise<S | null> {
    const next = { ...state, ...change, id: state.id, version: state.version + 1 };
    return (await this.states.upsert(next)) === 'applied' ? next : null;
  }

  /** When a claim taken or renewed now runs out. */
  protected claimUntil(): string {
    return this.later(this.schedule.claimMs ?? 120_000);
  }

  protected now(): Date {
    return this.schedule.now?.() ?? new Date();
  }

  protected later(ms: number): string {
    return new Date(this.now().getTime() + ms).toISOString();
  }
}

function heldByAnother(state: ScheduledState | null, instanceId: string, now: Date): boolean {
  return Boolean(
    state?.claimedBy && state.claimedBy !== instanceId && Date.parse(state.claimedUntil ?? '') > now.getTime(),
  );
}
