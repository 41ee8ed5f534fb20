import type { StoredEvent } from './event-store';
import { runSubscription, sleep } from './subscription';

const event = (n: number) => ({ id: String(n), position: String(n) }) as StoredEvent;

/** A source that yields the given events, then waits until it is stopped. */
function source(events: StoredEvent[]) {
  return async function* (signal: AbortSignal) {
    for (const e of events) yield e;
    await sleep(60_000, signal);
  };
}

/** A source that fails before it yields anything; with a signal, only once it is stopped. */
async function* failAfter(error: Error, signal?: AbortSignal): AsyncGenerator<StoredEvent> {
  if (signal) await sleep(60_000, signal);
  yield* [];
  throw error;
}

describe('runSubscription', () => {
  it('hands events over one at a time, each after the previous handler resolved', async () => {
    const log: string[] = [];
    const subscription = runSubscription(source([event(1), event(2), event(3)]), {
      handler: async (e) => {
        log.push(`start ${e.id}`);
        await sleep(5, new AbortController().signal);
        log.push(`end ${e.id}`);
      },
    });
    await sleep(100, new AbortController().signal);
    await subscription.stop();
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('reports a failing handler once to onError and stops delivering', async () => {
    const errors: unknown[] = [];
    const seen: string[] = [];
    let ended = false;
    const subscription = runSubscription(
      source([event(1), event(2)]),
      {
        handler: async (e) => {
          seen.push(e.id);
          throw new Error(`handler failed on ${e.id}`);
        },
        onError: (error) => errors.push(error),
      },
      () => (ended = true),
    );
    await sleep(50, new AbortController().signal);
    expect(errors).toEqual([new Error('handler failed on 1')]);
    expect(seen).toEqual(['1']);
    expect(ended).toBe(true);
    await subscription.stop();
  });

  it('reports a failing source, but not one that fails because it was stopped', async () => {
    const errors: unknown[] = [];
    const failing = runSubscription(() => failAfter(new Error('connection lost')), {
      handler: async () => undefined,
      onError: (e) => errors.push(e),
    });
    await sleep(20, new AbortController().signal);
    await failing.stop();
    const stopping = runSubscription((signal) => failAfter(new Error('cancelled'), signal), {
      handler: async () => undefined,
      onError: (e) => errors.push(e),
    });
    await stopping.stop();
    expect(errors).toEqual([new Error('connection lost')]);
  });
});
