import { sleepUnless } from '@regicam/util';
import type { StoredEvent, SubscribeOptions, Subscription } from './event-store';

/**
 * Where a subscription's events come from, in log order: catch-up and live
 * as one sequence. It must end (return) soon after `signal` is aborted, also
 * while it is waiting for new events.
 */
export type EventSource = (signal: AbortSignal) => AsyncIterable<StoredEvent>;

/**
 * Hands the events of a source to the handler one at a time, as both
 * adapters' `subscribeToAll` must:
 * 1. the next event waits until the handler's promise resolves;
 * 2. `stop()` ends the source and resolves once the handler in progress has
 *    finished, so a checkpoint saved after `stop()` is final;
 * 3. a handler that throws, or a source that fails, ends the subscription
 *    and is reported once to `onError`; without `onError` it surfaces as an
 *    unhandled rejection rather than being dropped silently.
 */
export function runSubscription(
  source: EventSource,
  options: Pick<SubscribeOptions, 'handler' | 'onError'>,
  onEnded?: () => void,
): Subscription {
  const controller = new AbortController();
  const fail = (error: unknown) => {
    if (options.onError) options.onError(error);
    else void Promise.reject(error);
  };
  const running = (async () => {
    try {
      for await (const event of source(controller.signal)) {
        if (controller.signal.aborted) return;
        try {
          await options.handler(event);
        } catch (error) {
          fail(error);
          return;
        }
      }
    } catch (error) {
      // A source torn down by stop() may end with an error of its own.
      if (!controller.signal.aborted) fail(error);
    } finally {
      onEnded?.();
    }
  })();
  return {
    stop: async () => {
      controller.abort();
      await running;
    },
  };
}

/** Resolves after `ms`, or at once when the signal is aborted. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return sleepUnless(signal, ms);
}
