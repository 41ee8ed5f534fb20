import type { TopicDescription, TopicSpec } from './message-log';
import { describeDuration, topicDifferences } from './topic-differences';

const DAY = 24 * 60 * 60 * 1000;

const described = (
  name: string,
  partitions: number,
  config: Partial<Extract<TopicDescription, { exists: true }>['config']> = {},
): TopicDescription => ({
  name,
  exists: true,
  partitions,
  config: { retentionMs: 7 * DAY, cleanupPolicy: 'delete', deleteRetentionMs: DAY, ...config },
});

describe('describeDuration', () => {
  it('says durations in the largest whole unit', () => {
    expect(describeDuration(null)).toBe('forever');
    expect(describeDuration(30 * DAY)).toBe('30 days');
    expect(describeDuration(DAY)).toBe('1 day');
    expect(describeDuration(36 * 60 * 60 * 1000)).toBe('36 hours');
    expect(describeDuration(90_000)).toBe('90 seconds');
    expect(describeDuration(1500)).toBe('1500 ms');
  });
});

describe('topicDifferences', () => {
  it('finds nothing when the topic is as wanted, and ignores the fields a spec leaves out', () => {
    const wanted: TopicSpec[] = [{ name: 'regicam.links.v1', partitions: 6, config: { retentionMs: null } }];
    expect(topicDifferences(wanted, [described('regicam.links.v1', 6, { retentionMs: null })])).toEqual([]);
    expect(topicDifferences([{ name: 't', partitions: 1 }], [described('t', 1, { cleanupPolicy: 'compact' })])).toEqual(
      [],
    );
  });

  it('says a topic is missing, with what is wanted', () => {
    const wanted: TopicSpec[] = [
      { name: 'regicam.transactions.v1', partitions: 6, config: { retentionMs: 30 * DAY, cleanupPolicy: 'delete' } },
    ];
    expect(topicDifferences(wanted, [{ name: 'regicam.transactions.v1', exists: false }])).toEqual([
      {
        topic: 'regicam.transactions.v1',
        field: 'exists',
        message: 'topic regicam.transactions.v1 is missing (wanted: 6 partitions, cleanup delete, retention 30 days)',
        fix: 'create',
      },
    ]);
    // A topic the log did not describe at all is missing too.
    expect(topicDifferences(wanted, [])).toHaveLength(1);
  });

  it('lists every difference of one topic, in words', () => {
    const wanted: TopicSpec[] = [
      {
        name: 'regicam.thumbnails.v1',
        partitions: 6,
        config: { cleanupPolicy: 'compact', retentionMs: null, deleteRetentionMs: DAY },
      },
    ];
    const differences = topicDifferences(wanted, [
      described('regicam.thumbnails.v1', 3, { cleanupPolicy: 'delete', deleteRetentionMs: 2 * DAY }),
    ]);
    expect(differences.map((d) => [d.field, d.fix])).toEqual([
      ['partitions', 'add-partitions'],
      ['cleanupPolicy', 'alter-config'],
      ['retentionMs', 'alter-config'],
      ['deleteRetentionMs', 'alter-config'],
    ]);
    expect(differences[0].message).toMatch(
      /^topic regicam.thumbnails.v1 has 3 partitions where 6 are wanted: partitions can be added/,
    );
    expect(differences[1].message).toBe(
      'topic regicam.thumbnails.v1 has cleanup policy delete where compact is wanted',
    );
    expect(differences[2].message).toBe('topic regicam.thumbnails.v1 keeps records 7 days where forever is wanted');
    expect(differences[3].message).toBe('topic regicam.thumbnails.v1 keeps tombstones 2 days where 1 day is wanted');
  });

  it('says that partitions cannot be removed', () => {
    const [difference] = topicDifferences([{ name: 'frames', partitions: 3 }], [described('frames', 6)]);
    expect(difference).toMatchObject({ field: 'partitions', fix: 'manual' });
    expect(difference.message).toMatch(/has 6 partitions where 3 are wanted: partitions cannot be removed/);
  });

  it('takes a topic reported with both policies as differing from either', () => {
    const [difference] = topicDifferences(
      [{ name: 't', partitions: 1, config: { cleanupPolicy: 'compact' } }],
      [described('t', 1, { cleanupPolicy: 'compact,delete' })],
    );
    expect(difference.message).toBe('topic t has cleanup policy compact,delete where compact is wanted');
  });

  it('keeps the order of the wanted topics', () => {
    const differences = topicDifferences(
      [
        { name: 'b', partitions: 2 },
        { name: 'a', partitions: 2 },
      ],
      [described('a', 1), { name: 'b', exists: false }],
    );
    expect(differences.map((d) => d.topic)).toEqual(['b', 'a']);
  });
});
