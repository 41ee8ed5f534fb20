import { partitionKey as key } from './batch-runner';
import type { ConsumerOptions, TopicPartition, TopicPartitionOffset } from './message-log';

export type CommitCoalescerOptions = {
  /** The longest a processed offset waits for others to be committed with; 0 commits each at once. */
  intervalMs: number;
  /** Commits durably; may be synchronous (SQLite) or not (Kafka). */
  commit: (offsets: TopicPartitionOffset[]) => Promise<void> | void;
  /** A commit that failed; its offsets wait for the next one. */
  onError: (error: unknown) => void;
  now?: () => number;
  /** Calls `fn` after `ms`; returns how to cancel it. */
  schedule?: (fn: () => void, ms: number) => () => void;
};

// Not unref'd: a process that is otherwise done still commits what it processed.
const defaultSchedule = (fn: () => void, ms: number) => {
  const timer = setTimeout(fn, ms);
  return () => clearTimeout(timer);
};

/**
 * The offsets of processed records, committed together rather than one
 * commit per batch:
 * 1. `processed()` keeps, per partition, the next offset after the last
 *    record whose handler returned; nothing else is ever committed;
 * 2. a commit goes out once `intervalMs` has passed since the one before
 *    (checked at each `processed()`, and by a timer set when an offset starts
 *    waiting), so a quiet partition's tail is committed within the interval;
 * 3. one commit at a time, in order: a later commit never lands before an
 *    earlier one, so a committed offset never goes back;
 * 4. `flush()` commits what waits now (before stop, before a partition is
 *    given up) and resolves once it is durable; with no commit in flight the
 *    commit function is called before `flush()` returns;
 * 5. a failed commit puts its offsets back (unless newer ones wait) and is
 *    reported; `drop()` forgets the offsets of partitions no longer owned.
 */
export class CommitCoalescer {
  private readonly waiting = new Map<string, TopicPartitionOffset>();
  private last: number;
  private cancelTimer?: () => void;
  private inFlight?: Promise<void>;
  private closed = false;
  private readonly now: () => number;
  private readonly schedule: (fn: () => void, ms: number) => () => void;

  constructor(private readonly options: CommitCoalescerOptions) {
    this.now = options.now ?? Date.now;
    this.schedule = options.schedule ?? defaultSchedule;
    this.last = this.now();
  }

  /** The offsets waiting to be committed. */
  get pending(): TopicPartitionOffset[] {
    return [...this.waiting.values()];
  }

  processed(tp: TopicPartition, nextOffset: string): void {
    this.waiting.set(key(tp), { topic: tp.topic, partition: tp.partition, offset: nextOffset });
    if (this.last + this.options.intervalMs <= this.now()) void this.flush().catch(() => undefined);
    else this.arm();
  }

  /** Commits what waits (of the partitions `only` accepts); rejects when that commit failed. */
  flush(only?: (tp: TopicPartition) => boolean): Promise<void> {
    const run = (): Promise<void> | undefined => {
      const offsets = this.take(only);
      if (offsets.length === 0) return undefined;
      this.last = this.now();
      try {
        const result = this.options.commit(offsets);
        return result ? result.catch((error: unknown) => this.failed(offsets, error)) : undefined;
      } catch (error) {
        return this.failed(offsets, error);
      }
    };
    const previous = this.inFlight;
    const result = previous ? previous.catch(() => undefined).then(run) : run();
    if (!result) return Promise.resolve();
    const current: Promise<void> = result.finally(() => {
      if (this.inFlight === current) this.inFlight = undefined;
    });
    this.inFlight = current;
    return current;
  }

  /** Forgets the waiting offsets of these partitions (given up without a commit). */
  drop(which: (tp: TopicPartition) => boolean): void {
    for (const [k, offset] of this.waiting) if (which(offset)) this.waiting.delete(k);
  }

  /** Stops the timer for good; what waits is committed only by `flush()`. */
  close(): void {
    this.closed = true;
    this.disarm();
  }

  private take(only?: (tp: TopicPartition) => boolean): TopicPartitionOffset[] {
    const taken: TopicPartitionOffset[] = [];
    for (const [k, offset] of this.waiting) {
      if (only && !only(offset)) continue;
      taken.push(offset);
      this.waiting.delete(k);
    }
    if (this.waiting.size === 0) this.disarm();
    return taken;
  }

  /** Sets the timer that commits the waiting offsets once the interval is over. */
  private arm(): void {
    if (this.closed || this.cancelTimer || this.waiting.size === 0) return;
    const wait = Math.max(0, this.last + this.options.intervalMs - this.now());
    this.cancelTimer = this.schedule(() => {
      this.cancelTimer = undefined;
      void this.flush().catch(() => undefined);
    }, wait);
  }

  private disarm(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  private failed(offsets: TopicPartitionOffset[], error: unknown): Promise<never> {
    for (const offset of offsets) if (!this.waiting.has(key(offset))) this.waiting.set(key(offset), offset);
    this.options.onError(error);
    this.arm();
    return Promise.reject(error);
  }
}

/**
 * The coalescer of a consumer in `after-handler` mode (the default), none
 * in `manual` mode, where only `commit()` commits.
 */
export function afterHandlerCommits(
  options: ConsumerOptions,
  commit: CommitCoalescerOptions['commit'],
  warn: (message: string) => void,
): CommitCoalescer | undefined {
  if (options.commit === 'manual') return undefined;
  return new CommitCoalescer({
    intervalMs: options.commitIntervalMs ?? 200,
    commit,
    onError: (error) =>
      warn(`group ${options.groupId}: commit failed, its offsets go with the next one: ${String(error)}`),
  });
}
