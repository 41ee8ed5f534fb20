import type { ConsumedRecord, ConsumerOptions, MessageConsumer, MessageLog } from '../lib/message-log';

export type MessageLogHarness = {
  /** A message log on the adapter under test; each call may open a new client on the same log. */
  open: () => MessageLog;
  /** A name unique to this run, for topics and groups. */
  unique: (prefix: string) => string;
  /**
   * How a child process opens the same log: the module's export is
   * constructed with the options (`new (require(module)[exportName])(options)`).
   */
  child: { module: string; exportName: string; options: unknown };
  /** Removes what the run made; gets every name `unique` gave out (topics and groups). */
  cleanup?: (names: string[]) => Promise<void>;
};

export type ContractContext = {
  readonly harness: () => MessageLogHarness;
  /** Opens a log that is closed at the end of the suite. */
  readonly open: () => MessageLog;
  readonly unique: (prefix: string) => string;
  /** Starts a consumer with short retry delays. */
  readonly consume: (log: MessageLog, options: ConsumerOptions) => Promise<MessageConsumer>;
};

export const until = async (check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const text = (r: ConsumedRecord) => r.value.toString('utf8');

export const DAY = 24 * 60 * 60 * 1000;
