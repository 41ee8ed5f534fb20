import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';

/**
 * Tells the subscriptions of one database file that this process appended
 * to it. Every store instance of the process on the same file shares one
 * signal; appends by other processes are found by polling.
 */
export class AppendSignal {
  /** Counts appends, so that a reader can tell whether one happened since it last read. */
  generation = 0;
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  notify(): void {
    this.generation++;
    this.emitter.emit('appended');
  }

  /** Resolves at the next append, after `ms`, or when `signal` is aborted, whichever comes first. */
  wait(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((done) => {
      if (signal.aborted) return done();
      const finish = () => {
        clearTimeout(timer);
        this.emitter.off('appended', finish);
        signal.removeEventListener('abort', finish);
        done();
      };
      const timer = setTimeout(finish, ms);
      this.emitter.once('appended', finish);
      signal.addEventListener('abort', finish, { once: true });
    });
  }
}

const shared = new Map<string, { signal: AppendSignal; users: number }>();

/** The signal of a database file; an in-memory database has its own. */
export function acquireSignal(path: string): { signal: AppendSignal; release: () => void } {
  if (path === ':memory:') return { signal: new AppendSignal(), release: () => undefined };
  const key = resolve(path);
  const entry = shared.get(key) ?? { signal: new AppendSignal(), users: 0 };
  entry.users++;
  shared.set(key, entry);
  let released = false;
  return {
    signal: entry.signal,
    release: () => {
      if (released) return;
      released = true;
      if (--entry.users === 0) shared.delete(key);
    },
  };
}
