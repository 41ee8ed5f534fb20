import type { EventFilter, EventStore, StoredEvent, Subscription } from '@regicam/event-store';
import type { Collection, ReadDocument, ReadStore, Write } from '@regicam/read-store';

/** Reads a document as the batch so far has left it (pending writes first, then the store). */
export type Lookup = <T extends ReadDocument>(collection: string, id: string) => Promise<T | null>;

export type Projection = {
  /** The checkpoint name: one position per projection. */
  name: string;
  filter: EventFilter;
  /** Collections the projection writes, opened with their indexes before it starts. Projections: rebuildable by replay. */
  collections: { name: string; indexes: Parameters<ReadStore['collection']>[1] }[];
  project: (event: StoredEvent, lookup: Lookup) => Promise<Write[]>;
};

/**
 * The document a batch of writes not yet committed leaves behind: the last
 * write of that id wins. `undefined` when the batch does not touch it (read
 * the store then); `null` when the batch deletes it. The one lookup of
 * pending writes, for the live projector and for replay.
 */
export function pendingDocument<T extends ReadDocument>(
  writes: readonly Write[],
  collection: string,
  id: string,
): T | null | undefined {
  for (let i = writes.length - 1; i >= 0; i--) {
    const w = writes[i];
    if (w.collection !== collection) continue;
    if (w.op === 'upsert' && w.doc.id === id) return w.doc as T;
    if (w.op === 'delete' && w.id === id) return null;
  }
  return undefined;
}

/** A lookup over a batch's pending writes, falling back to the opened collections. */
export function batchLookup(
  pending: () => readonly Write[],
  collections: ReadonlyMap<string, Collection<ReadDocument>>,
  projection: string,
): Lookup {
  return async <T extends ReadDocument>(collection: string, id: string): Promise<T | null> => {
    const found = pendingDocument<T>(pending(), collection, id);
    if (found !== undefined) return found;
    const opened = collections.get(collection);
    if (!opened) throw new Error(`projection ${projection} reads ${collection}, which it does not declare`);
    return (await opened.get(id)) as T | null;
  };
}

export type ProjectorState = 'stopped' | 'running' | 'restarting' | 'failed';

export type ProjectorStatus = {
  name: string;
  state: ProjectorState;
  /** The position the read model has reached, or null before any event. */
  checkpoint: string | null;
  /** Failures since the last event written; `failed` from `failedAfter` on (it still retries). */
  consecutiveFailures: number;
  restarts: number;
  lastError: string | null;
};

export type ProjectorOptions = {
  /** The most events written in one commit (default 200). */
  batchSize?: number;
  /** The first pause before a restart; doubled each time up to `maxRestartDelayMs` (defaults 500 ms and 30 s). */
  restartDelayMs?: number;
  maxRestartDelayMs?: number;
  /** Failures in a row after which the projection counts as failed rather than restarting (default 5). */
  failedAfter?: number;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
};

/**
 * Keeps a read model up to date from the event store:
 * 1. resumes after the projection's checkpoint (positions are exclusive);
 * 2. projects each event into writes, reading what earlier events of the
 *    batch wrote;
 * 3. commits the writes with the position of the last event, together where
 *    the store allows it; the writes are version-guarded, so an event
 *    projected twice after a crash changes nothing;
 * 4. when projecting fails (a bug, a store that is gone), commits what the
 *    batch holds before the failing event, then restarts from the
 *    checkpoint after a pause that doubles up to a cap, for as long as it
 *    runs: `restarting`, and `failed` once it has failed `failedAfter`
 *    times in a row. The first event written again clears the count.
 */
export class Projector {
  private subscription?: Subscription;
  private pending: { event: StoredEvent; writes: Write[] }[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private position: string | null = null;
  private readonly waiters: { position: string; resolve: () => void }[] = [];
  private readonly collections = new Map<string, Collection<ReadDocument>>();
  private readonly lookup: Lookup;
  private state: ProjectorState = 'stopped';
  private consecutiveFailures = 0;
  private restarts = 0;
  private lastError: string | null = null;
  private restartTimer?: NodeJS.Timeout;

  constructor(
    private readonly projection: Projection,
    private readonly events: EventStore,
    private readonly store: ReadStore,
    private readonly options: ProjectorOptions = {},
  ) {
    this.lookup = batchLookup(() => this.pending.flatMap((p) => p.writes), this.collections, projection.name);
  }

  get name(): string {
    return this.projection.name;
  }

  async start(): Promise<void> {
    if (this.state !== 'stopped') return;
    for (const c of this.projection.collections) {
      this.collections.set(c.name, await this.store.collection(c.name, c.indexes));
    }
    this.state = 'running';
    await this.subscribe();
  }

  async stop(): Promise<void> {
    this.state = 'stopped';
    clearTimeout(this.restartTimer);
    await this.subscription?.stop();
    this.subscription = undefined;
    await this.flush();
  }

  /** The position the read model has reached, or null before any event. */
  get checkpoint(): string | null {
    return this.position;
  }

  status(): ProjectorStatus {
    return {
      name: this.projection.name,
      state: this.state,
      checkpoint: this.position,
      consecutiveFailures: this.consecutiveFailures,
      restarts: this.restarts,
      lastError: this.lastError,
    };
  }

  /**
   * Resolves once the read model includes the event at `position` (for
   * read-your-writes after a command), or rejects after `timeoutMs`.
   */
  waitFor(position: string, timeoutMs = 5000): Promise<void> {
    if (this.position !== null && this.events.comparePositions(this.position, position) >= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`projection ${this.projection.name} did not reach ${position} within ${timeoutMs} ms`));
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
    this.position = await this.store.checkpoint(this.projection.name);
    this.subscription = this.events.subscribeToAll({
      after: this.position ?? undefined,
      filter: this.projection.filter,
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
      `projection ${this.projection.name} stopped (${this.consecutiveFailures} failure(s) in a row), restarting in ${delay} ms: ${this.lastError}`,
    );
    await this.subscription?.stop();
    await this.flush().catch(() => undefined);
    // stop() may have come while the subscription ended.
    if ((this.state as ProjectorState) === 'stopped') return;
    this.restartTimer = setTimeout(() => {
      if (this.state === 'stopped') return;
      this.restarts++;
      this.subscribe().catch((e: unknown) => void this.failed(e));
    }, delay);
  }

  private async accept(event: StoredEvent): Promise<void> {
    const writes = await this.projection.project(event, this.lookup);
    this.pending.push({ event, writes });
    if (this.pending.length >= (this.options.batchSize ?? 200)) {
      await this.flush();
    } else {
      // A lone event is written at once, after the events already queued behind it.
      setImmediate(() => void this.flush().catch(() => undefined));
    }
  }

  private flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (this.pending.length === 0) return;
      const batch = this.pending;
      this.pending = [];
      const last = batch[batch.length - 1].event.position;
      const request = {
        writes: batch.flatMap((b) => b.writes),
        checkpoint: { name: this.projection.name, position: last },
      };
      // A store that is down stalls the projection; it never skips the batch.
      for (let attempt = 1; ; attempt++) {
        try {
          await this.store.commit(request);
          break;
        } catch (error) {
          const delay = Math.min(10_000, 100 * 2 ** attempt);
          this.options.log?.(
            'warn',
            `projection ${this.projection.name}: commit failed (attempt ${attempt}), retrying in ${delay} ms: ${String(error)}`,
          );
          await new Promise((r) => setTimeout(r, delay));
        }
      }
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

/**
 * Resolves once the projection's committed checkpoint, as the read store
 * holds it, includes `position`; false when `timeoutMs` passes first. Works
 * whichever process runs the projection (read-your-writes for a command
 * handled in one process and projected in another).
 */
export async function waitForCheckpoint(
  events: EventStore,
  store: ReadStore,
  projection: string,
  position: string,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<boolean> {
  const deadline = Date.now() + (options.timeoutMs ?? 5000);
  for (;;) {
    const reached = await store.checkpoint(projection);
    if (reached !== null && events.comparePositions(reached, position) >= 0) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 15));
  }
}
