import type { MessageLog, ReaderOptions } from '@regicam/messaging';

/**
 * The message log with the readers of one topic (the join's link table on
 * the links topic) held back while the gate is closed: their batches wait
 * before they are handled, as a lagging reader's would, and go on once it
 * opens. Everything else passes through unchanged.
 */
export class ReaderGate {
  readonly log: MessageLog;
  private opened: Promise<void> = Promise.resolve();
  private openNow: () => void = () => undefined;
  private closed = false;

  constructor(inner: MessageLog, topic: string) {
    const reader = (options: ReaderOptions) =>
      inner.reader(
        options.topic === topic
          ? {
              ...options,
              handler: async (batch) => {
                await this.opened;
                await options.handler(batch);
              },
            }
          : options,
      );
    this.log = new Proxy(inner, {
      get: (target, property) => {
        if (property === 'reader') return reader;
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.opened = new Promise<void>((resolve) => (this.openNow = resolve));
  }

  open(): void {
    this.closed = false;
    this.openNow();
  }
}
