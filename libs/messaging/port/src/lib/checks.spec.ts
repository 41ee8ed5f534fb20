import { checkManualCommit, checkMessages, checkTopicSpecs } from './checks';

describe('checkMessages', () => {
  it('accepts keys, values, headers and timestamps of the right kinds', () => {
    expect(() =>
      checkMessages('t', [
        { key: 'k', value: 'v', headers: { a: 'b' }, timestamp: 1_700_000_000_000 },
        { key: null, value: Buffer.from([1]) },
        { key: 'k', value: '', timestamp: 0 },
      ]),
    ).not.toThrow();
  });

  it('names the message and what is wrong with it', () => {
    expect(() =>
      checkMessages('t', [
        { key: 'k', value: 'v' },
        { key: 'k', value: 'v', timestamp: 1.5 },
      ]),
    ).toThrow('message 1 for t: timestamp must be whole milliseconds since the epoch, got 1.5');
    expect(() => checkMessages('t', [{ key: 'k', value: 'v', timestamp: -1 }])).toThrow(/timestamp/);
    expect(() => checkMessages('t', [{ key: 3 as unknown as string, value: 'v' }])).toThrow(
      'message 0 for t: key must be a string or null',
    );
    expect(() => checkMessages('t', [{ key: 'k', value: 7 as unknown as string }])).toThrow(/value must be/);
    expect(() => checkMessages('t', [{ key: 'k', value: 'v', headers: { n: 1 as unknown as string } }])).toThrow(
      'message 0 for t: header n must be a string',
    );
  });
});

describe('checkTopicSpecs', () => {
  it('accepts a spec with or without config', () => {
    expect(() =>
      checkTopicSpecs([
        { name: 'a', partitions: 6 },
        { name: 'b', partitions: 1, config: { retentionMs: null, cleanupPolicy: 'compact', deleteRetentionMs: 0 } },
      ]),
    ).not.toThrow();
  });

  it('refuses partition counts and config values that make no sense', () => {
    expect(() => checkTopicSpecs([{ name: 'a', partitions: 0 }])).toThrow(
      'topic a: partitions must be a whole number of at least 1, got 0',
    );
    expect(() => checkTopicSpecs([{ name: 'a', partitions: 1, config: { retentionMs: 0 } }])).toThrow(
      /retentionMs must be a positive number/,
    );
    expect(() =>
      checkTopicSpecs([{ name: 'a', partitions: 1, config: { cleanupPolicy: 'compact,delete' as 'compact' } }]),
    ).toThrow("topic a: cleanupPolicy must be 'delete' or 'compact', got compact,delete");
    expect(() => checkTopicSpecs([{ name: '', partitions: 1 }])).toThrow('a topic needs a name');
  });
});

describe('checkManualCommit', () => {
  const owned = (topic: string, partition: number) => topic === 't' && partition === 0;
  const upTo = (_topic: string, partition: number) => (partition === 0 ? '10' : undefined);
  const manual = { groupId: 'join', commit: 'manual' as const };

  it('accepts offsets up to one past the last processed record', () => {
    expect(() => checkManualCommit(manual, [{ topic: 't', partition: 0, offset: '10' }], owned, upTo)).not.toThrow();
    expect(() => checkManualCommit(manual, [{ topic: 't', partition: 0, offset: '3' }], owned, upTo)).not.toThrow();
  });

  it('is for manual mode only', () => {
    expect(() => checkManualCommit({ groupId: 'join' }, [], owned, upTo)).toThrow(
      "group join: commit() is for consumers made with commit: 'manual'",
    );
  });

  it('refuses a partition not owned, an offset past what was processed, and a malformed offset', () => {
    expect(() => checkManualCommit(manual, [{ topic: 't', partition: 1, offset: '1' }], owned, upTo)).toThrow(
      "commit of t/1: the partition is not this member's",
    );
    expect(() => checkManualCommit(manual, [{ topic: 't', partition: 0, offset: '11' }], owned, upTo)).toThrow(
      'commit of t/0 at 11: the handler has returned only up to 10',
    );
    expect(() => checkManualCommit(manual, [{ topic: 't', partition: 0, offset: '-1' }], owned, upTo)).toThrow(
      /offset must be a decimal string/,
    );
    expect(() =>
      checkManualCommit(
        manual,
        [{ topic: 't', partition: 0, offset: '1' }],
        () => true,
        () => undefined,
      ),
    ).toThrow('commit of t/0: nothing was processed since it was assigned');
  });
});
