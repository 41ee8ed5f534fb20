import type { EventFilter, EventStore, StoredEvent, Subscription } from '@regicam/event-store';
import type { Collection, ReadDocument, ReadStore, Write } from '@regicam/read-store';

/** Reads a document as the batch so far has left it (pending writes first, then the store). */
export type Lookup = <T extends ReadDocument>(collection: string, id: string) => Promise<T | null>;

export type Projection = {
  /** The checkpoint name: one position per projection. */
  name: string;
  filter: EventFilter;
  /** Collections the projection writes, opened with their indexes before it starts. */
  collections: { name: string; indexes: Parameters<ReadStore['collection']>[1] }[];
  project: (event: StoredEvent, lookup: Lookup) => Promise<Write[]>;
};

export type ProjectorOptions = {
  /** The most events written in one commit (default 200). */
  batchSize?: number;
  log?: (level: 'warn' | 'error', message: string) => void;
};

/**
 * Keeps a read model up to date from the event store:
 * 1. resumes after the projection's checkpoint (positions are exclusive);
 * 2. projects each event into writes, reading what earlier events of the
 *    batch wrote;
 * 3. commits the writes with the position of the last event, together where
 *    the store allows it; the writes are version-guarded, so an event
 *    projected twice after a crash changes nothing.
 */
export class Projector {
  private subscription?: Subscription;
  private pending: { event: StoredEvent; writes: Write[] }[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private position: string | null = null;
  private readonly waiters: { position: string; resolve: () => void }[] = [];
  private failure?: unknown;
  private readonly collections = new Map<string, Collection<ReadDocument>>();

  constructor(
    private readonly projection: Projection,
    private readonly events: EventStore,
    private readonly store: ReadStore,
    private readonly options: ProjectorOptions = {},
  ) {}

  async start(): Promise<void> {
    for (const c of this.projection.collections) {
      this.collections.set(c.name, await this.store.collection(c.name, c.indexes));
    }
    this.position = await this.store.checkpoint(this.projection.name);
    this.subscription = this.events.subscribeToAll({
      after: this.position ?? undefined,
      filter: this.projection.filter,
      handler: (event) => this.accept(event),
      onError: (error) => {
        this.failure = error;
        this.options.log?.('error', `projection ${this.projection.name} stopped: ${String(error)}`);
      },
    });
  }

  async stop(): Promise<void> {
    await this.subscription?.stop();
    await this.flush();
  }

  /** The position the read model has reached, or null before any event. */
  get checkpoint(): string | null {
    return this.position;
  }

  /**
   * Resolves once the read model includes the event at `position` (for
   * read-your-writes after a command), or rejects after `timeoutMs`.
   */
  waitFor(position: string, timeoutMs = 5000): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
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

  private async accept(event: StoredEvent): Promise<void> {
    const writes = await this.projection.project(event, (collection, id) => this.lookup(collection, id));
    this.pending.push({ event, writes });
    if (this.pending.length >= (this.options.batchSize ?? 200)) {
      await this.flush();
    } else {
      // A lone event is written at once, after the events already queued behind it.
      setImmediate(() => void this.flush().catch(() => undefined));
    }
  }

  private async lookup<T extends ReadDocument>(collection: string, id: string): Promise<T | null> {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      for (let j = this.pending[i].writes.length - 1; j >= 0; j--) {
        const w = this.pending[i].writes[j];
        if (w.collection !== collection) continue;
        if (w.op === 'upsert' && w.doc.id === id) return w.doc as T;
        if (w.op === 'delete' && w.id === id) return null;
      }
    }
    const opened = this.collections.get(collection);
    if (!opened) throw new Error(`projection ${this.projection.name} reads ${collection}, which it does not declare`);
    return (await opened.get(id)) as T | null;
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
