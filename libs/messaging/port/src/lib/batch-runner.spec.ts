import { callWithRetry, runBatch, type BatchContext } from './batch-runner';
import { DEAD_LETTER_HEADERS, UnprocessableRecordError } from './dead-letter';
import type { ConsumedRecord, OutgoingMessage } from './message-log';

const record = (offset: number): ConsumedRecord => ({
  topic: 't',
  partition: 0,
  offset: String(offset),
  key: 'k',
  value: Buffer.from(`v${offset}`),
  headers: {},
  timestamp: 0,
});

function context(handler: BatchContext['handler'], overrides: Partial<BatchContext> = {}) {
  const processed: string[] = [];
  const dead: OutgoingMessage[] = [];
  const delays: number[] = [];
  const ctx: BatchContext = {
    handler,
    stillOwned: () => true,
    processed: (r) => void processed.push(r.offset),
    deadLetters: { groupId: 'g', send: async (m) => void dead.push(m) },
    heartbeat: async () => undefined,
    retryDelayMs: 100,
    maxRetryDelayMs: 300,
    onRetry: (_e, _a, delay) => void delays.push(delay),
    sleep: async () => undefined,
    ...overrides,
  };
  return { ctx, processed, dead, delays };
}

describe('runBatch', () => {
  const records = [1, 2, 3, 4].map(record);

  it('marks the last record processed once the handler returns', async () => {
    const { ctx, processed } = context(async () => undefined);
    expect(await runBatch('t', 0, records, ctx)).toBe(true);
    expect(processed).toEqual(['4']);
  });

  it('retries a failing handler with doubling delays, capped, and marks nothing before it returns', async () => {
    let calls = 0;
    const { ctx, processed, delays } = context(async () => {
      if (++calls < 5) throw new Error('store down');
      expect(processed).toEqual([]);
    });
    expect(await runBatch('t', 0, records, ctx)).toBe(true);
    expect(delays).toEqual([100, 200, 300, 300]);
    expect(processed).toEqual(['4']);
  });

  it('sets a poison record aside and goes on with the records after it', async () => {
    const seen: string[][] = [];
    const { ctx, processed, dead } = context(async (batch) => {
      seen.push(batch.records.map((r) => r.offset));
      const poison = batch.records.find((r) => r.offset === '2');
      if (poison) throw new UnprocessableRecordError(poison, 'no total');
    });
    expect(await runBatch('t', 0, records, ctx)).toBe(true);
    expect(seen).toEqual([
      ['1', '2', '3', '4'],
      ['3', '4'],
    ]);
    expect(processed).toEqual(['1', '2', '4']);
    expect(dead).toHaveLength(1);
    expect(dead[0].headers).toMatchObject({
      [DEAD_LETTER_HEADERS.reason]: 'no total',
      [DEAD_LETTER_HEADERS.offset]: '2',
    });
  });

  it('retries when the dead-letter topic cannot be written, without marking the poison record', async () => {
    let sends = 0;
    const dead: OutgoingMessage[] = [];
    const { ctx, processed, delays } = context(
      async (batch) => {
        if (batch.records[0].offset === '1') throw new UnprocessableRecordError(batch.records[0], 'bad');
      },
      {
        deadLetters: {
          groupId: 'g',
          send: async (m) => {
            if (++sends === 1) throw new Error('broker away');
            dead.push(m);
          },
        },
      },
    );
    expect(await runBatch('t', 0, records, ctx)).toBe(true);
    expect(delays).toEqual([100]);
    expect(dead).toHaveLength(1);
    expect(processed).toEqual(['1', '4']);
  });

  it('without dead letters (a reader) retries an unprocessable record like any other error', async () => {
    let calls = 0;
    const { ctx, processed, delays } = context(
      async (batch) => {
        if (++calls < 3) throw new UnprocessableRecordError(batch.records[0], 'bad');
      },
      { deadLetters: undefined },
    );
    expect(await runBatch('t', 0, records, ctx)).toBe(true);
    expect(delays).toEqual([100, 200]);
    expect(processed).toEqual(['4']);
  });

  it('gives up, marking nothing, once the partition is no longer owned', async () => {
    let owned = true;
    const { ctx, processed } = context(
      async () => {
        owned = false;
        throw new Error('store down');
      },
      { stillOwned: () => owned },
    );
    expect(await runBatch('t', 0, records, ctx)).toBe(false);
    expect(processed).toEqual([]);
  });
});

describe('callWithRetry', () => {
  it('calls again after failures until the call returns', async () => {
    let calls = 0;
    const delays: number[] = [];
    await callWithRetry(
      () => {
        if (++calls < 3) throw new Error('not yet');
      },
      {
        wanted: () => true,
        retryDelayMs: 10,
        maxRetryDelayMs: 15,
        onRetry: (_e, _a, d) => delays.push(d),
        sleep: async () => undefined,
      },
    );
    expect(calls).toBe(3);
    expect(delays).toEqual([10, 15]);
  });

  it('stops calling once it is no longer wanted', async () => {
    let calls = 0;
    let wanted = true;
    await callWithRetry(
      () => {
        calls++;
        wanted = false;
        throw new Error('down');
      },
      {
        wanted: () => wanted,
        retryDelayMs: 10,
        maxRetryDelayMs: 10,
        onRetry: () => undefined,
        sleep: async () => undefined,
      },
    );
    expect(calls).toBe(1);
  });
});
