import type { ConsumerOptions, MessageLog } from '../lib/message-log';
import { type ContractContext, type MessageLogHarness } from './context';
import { crashContract } from './crash.contract';
import { deliveryContract } from './delivery.contract';
import { groupContract } from './group.contract';
import { offsetsContract } from './offsets.contract';
import { readerContract } from './reader.contract';
import { topicsContract } from './topics.contract';

/**
 * The behaviour every message log adapter guarantees, as jest tests. The
 * adapter's own spec calls this with a harness that opens its log. Topics
 * and groups are named per run, so the suite also holds on a broker that
 * others share.
 */
export function messageLogContract(adapter: string, harness: () => Promise<MessageLogHarness>): void {
  describe(`message log contract: ${adapter}`, () => {
    // Consumer groups join and rebalance in seconds on a real broker.
    jest.setTimeout(120_000);
    let h: MessageLogHarness | undefined;
    const opened: MessageLog[] = [];
    const names: string[] = [];
    const ready = () => {
      if (!h) throw new Error('the harness is not ready');
      return h;
    };
    const context: ContractContext = {
      harness: ready,
      open: () => {
        const log = ready().open();
        opened.push(log);
        return log;
      },
      unique: (prefix) => {
        const name = ready().unique(prefix);
        names.push(name);
        return name;
      },
      consume: async (log: MessageLog, options: ConsumerOptions) => {
        const consumer = log.consumer({ retryDelayMs: 20, maxRetryDelayMs: 100, ...options });
        await consumer.start();
        return consumer;
      },
    };

    beforeAll(async () => {
      h = await harness();
    });

    afterAll(async () => {
      for (const log of opened) await log.close();
      await h?.cleanup?.(names);
    });

    describe('consumer groups', () => deliveryContract(context));
    describe('topics', () => topicsContract(context));
    describe('timestamps and offsets', () => offsetsContract(context));
    describe('group assignment and manual commits', () => groupContract(context));
    describe('readers', () => readerContract(context));
    describe('a consumer killed without stop', () => crashContract(context));
  });
}
