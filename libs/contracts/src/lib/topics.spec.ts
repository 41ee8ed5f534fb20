import { topicNames } from './topic-names';
import { TOPIC, TOPICS, dlqTopic, topicContract } from './topics';
import { checkCoPartitioned, kafkaConfigEntries, topicConfigs } from './topic-configs';

const DAY = 86_400_000;

describe('the topic catalogue', () => {
  it('names every topic as agreed, each with its dead-letter topic', () => {
    expect(Object.values(TOPIC)).toEqual([
      'regicam.links.v1',
      'regicam.transactions.v1',
      'regicam.camera-frames.v1',
      'regicam.join.by-camera',
      'regicam.thumbnail-jobs.v1',
      'regicam.thumbnails.v1',
    ]);
    expect(dlqTopic(TOPIC.thumbnails)).toBe('regicam.thumbnails.v1.dlq');
    expect(topicContract('regicam.links.v1')).toBe(TOPICS.links);
    expect(topicContract('regicam.links.v2')).toBeUndefined();
  });

  it('lists the types each topic carries', () => {
    expect(Object.values(TOPICS).map((t) => [t.name, t.types])).toEqual([
      [TOPIC.links, ['LinkCreated', 'LinkRemoved']],
      [TOPIC.transactions, ['TransactionReceived']],
      [TOPIC.cameraFrames, ['FrameCaptured', 'RecordingAvailable', 'CameraConnected', 'CameraDisconnected']],
      [TOPIC.joinByCamera, ['TransactionLinked']],
      [TOPIC.thumbnailJobs, ['ThumbnailJob']],
      [TOPIC.thumbnails, ['ThumbnailReady', 'ThumbnailFailed', 'NoPicture']],
    ]);
    expect(
      Object.values(TOPICS)
        .filter((t) => !t.public)
        .map((t) => t.name),
    ).toEqual([TOPIC.joinByCamera]);
  });
});

describe('the topics to create', () => {
  it('by default: 6 partitions, dead letters 1, retention and cleanup as agreed', () => {
    expect(topicConfigs()).toEqual([
      { name: 'regicam.links.v1', partitions: 6, retentionMs: null, cleanupPolicy: 'delete' },
      { name: 'regicam.transactions.v1', partitions: 6, retentionMs: 30 * DAY, cleanupPolicy: 'delete' },
      { name: 'regicam.camera-frames.v1', partitions: 6, retentionMs: 3 * DAY, cleanupPolicy: 'delete' },
      { name: 'regicam.join.by-camera', partitions: 6, retentionMs: DAY, cleanupPolicy: 'delete' },
      { name: 'regicam.thumbnail-jobs.v1', partitions: 6, retentionMs: 7 * DAY, cleanupPolicy: 'delete' },
      { name: 'regicam.thumbnails.v1', partitions: 6, retentionMs: null, cleanupPolicy: 'compact' },
      ...Object.values(TOPIC).map((name) => ({
        name: `${name}.dlq`,
        partitions: 1,
        retentionMs: 30 * DAY,
        cleanupPolicy: 'delete',
      })),
    ]);
  });

  it('with the partitions and the transaction retention configured, co-partitioned topics kept equal', () => {
    const configs = topicConfigs({ partitions: 12, transactionRetentionMs: 90 * DAY });
    const partitions = Object.fromEntries(configs.map((c) => [c.name, c.partitions]));
    expect(() => checkCoPartitioned(partitions)).not.toThrow();
    expect(partitions['regicam.links.v1']).toBe(12);
    expect(partitions['regicam.camera-frames.v1.dlq']).toBe(1);
    expect(configs.find((c) => c.name === TOPIC.transactions)?.retentionMs).toBe(90 * DAY);
    expect(topicConfigs({ transactionRetentionMs: null }).find((c) => c.name === TOPIC.transactions)?.retentionMs).toBe(
      null,
    );
  });

  it('refuses a count or a retention that is not a positive whole number', () => {
    expect(() => topicConfigs({ partitions: 0 })).toThrow('partitions must be a whole number of 1 or more, was 0');
    expect(() => topicConfigs({ partitions: 2.5 })).toThrow(/was 2.5/);
    expect(() => topicConfigs({ transactionRetentionMs: -1 })).toThrow(/transactionRetentionMs .* was -1/);
  });

  it('as Kafka topic configs, forever as -1', () => {
    const [links, , , , , thumbnails] = topicConfigs();
    expect(kafkaConfigEntries(links)).toEqual([
      { name: 'cleanup.policy', value: 'delete' },
      { name: 'retention.ms', value: '-1' },
    ]);
    expect(kafkaConfigEntries(thumbnails)[0]).toEqual({ name: 'cleanup.policy', value: 'compact' });
  });

  it('finds existing camera-keyed topics with unequal or missing partitions', () => {
    expect(() =>
      checkCoPartitioned({ [TOPIC.cameraFrames]: 6, [TOPIC.joinByCamera]: 12, [TOPIC.thumbnailJobs]: 6 }),
    ).toThrow(
      'the camera-keyed topics must have the same number of partitions ' +
        '(regicam.camera-frames.v1: 6, regicam.join.by-camera: 12, regicam.thumbnail-jobs.v1: 6)',
    );
    expect(() => checkCoPartitioned({ [TOPIC.cameraFrames]: 6, [TOPIC.joinByCamera]: 6 })).toThrow(
      /regicam.thumbnail-jobs.v1: missing/,
    );
  });
});

describe('topicNames', () => {
  it('puts the prefix before every agreed name', () => {
    expect(topicNames()).toMatchObject({ links: 'regicam.links.v1', thumbnails: 'regicam.thumbnails.v1' });
    expect(topicNames('staging.').cameraFrames).toBe('staging.regicam.camera-frames.v1');
  });

  it('refuses a prefix Kafka would not take', () => {
    expect(() => topicNames('a b')).toThrow(/letters, digits and \. _ -/);
  });
});
