import { JobAbandoned } from './recorded-picture';

/**
 * A bound on work done at once (pictures fetched, decoded, resized and
 * stored): at most `size` run, the others wait in arrival order. A wait
 * ends early when its signal aborts (`JobAbandoned`): a job given up while
 * it waited holds nothing.
 */
export class WorkSlots {
  private busy = 0;
  private readonly queue: { start: () => void; cancel: () => void }[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`work slots must be a whole number of 1 or more, was ${size}`);
  }

  get running(): number {
    return this.busy;
  }

  get waiting(): number {
    return this.queue.length;
  }

  async run<R>(work: () => Promise<R>, signal?: AbortSignal): Promise<R> {
    await this.acquire(signal);
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new JobAbandoned());
    if (this.busy < this.size) {
      this.busy++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const entry = {
        start: () => {
          signal?.removeEventListener('abort', entry.cancel);
          this.busy++;
          resolve();
        },
        cancel: () => {
          const index = this.queue.indexOf(entry);
          if (index >= 0) this.queue.splice(index, 1);
          reject(new JobAbandoned());
        },
      };
      signal?.addEventListener('abort', entry.cancel, { once: true });
      this.queue.push(entry);
    });
  }

  private release(): void {
    this.busy--;
    this.queue.shift()?.start();
  }
}
