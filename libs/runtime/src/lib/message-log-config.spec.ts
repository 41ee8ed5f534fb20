import { wantedTopics } from './open-stores';
import { loadStoreConfig } from './store-config';

describe('the message log configuration', () => {
  it('is the embedded SQLite log unless Kafka is named', () => {
    expect(loadStoreConfig({ DATA_DIR: '/data' }).messageLog).toEqual({
      kind: 'sqlite',
      path: '/data/messages.sqlite',
      topicPrefix: '',
      partitions: 6,
      transactionRetentionMs: 30 * 86_400_000,
    });
    expect(loadStoreConfig({ KAFKA_BROKERS: 'k1:9092,k2:9092' }).messageLog).toMatchObject({
      kind: 'kafka',
      brokers: ['k1:9092', 'k2:9092'],
    });
    expect(loadStoreConfig({ KAFKA_BROKERS: 'k1:9092', MESSAGE_LOG: 'sqlite' }).messageLog.kind).toBe('sqlite');
  });

  it("takes the consumer groups' session timeout, within Kafka's bounds", () => {
    expect(loadStoreConfig({ KAFKA_BROKERS: 'k1:9092' }).messageLog).not.toHaveProperty('sessionTimeoutMs');
    expect(loadStoreConfig({ KAFKA_BROKERS: 'k1:9092', KAFKA_SESSION_TIMEOUT_MS: '6000' }).messageLog).toMatchObject({
      sessionTimeoutMs: 6000,
    });
    expect(() => loadStoreConfig({ KAFKA_BROKERS: 'k1:9092', KAFKA_SESSION_TIMEOUT_MS: '1000' })).toThrow(
      /KAFKA_SESSION_TIMEOUT_MS/,
    );
  });

  it('names what is wrong', () => {
    expect(() => loadStoreConfig({ MESSAGE_LOG: 'kafka' })).toThrow('KAFKA_BROKERS must be set when MESSAGE_LOG=kafka');
    expect(() => loadStoreConfig({ TOPIC_PREFIX: 'a b' })).toThrow(/TOPIC_PREFIX/);
  });

  it('wants every topic with the prefix, its partitions, retention and cleanup policy', () => {
    const config = loadStoreConfig({
      TOPIC_PREFIX: 'staging.',
      TOPIC_PARTITIONS: '3',
      TRANSACTIONS_RETENTION_DAYS: '0',
    }).messageLog;
    const wanted = new Map(wantedTopics(config).map((t) => [t.name, t]));
    expect(wanted.get('staging.regicam.transactions.v1')).toEqual({
      name: 'staging.regicam.transactions.v1',
      partitions: 3,
      config: { retentionMs: null, cleanupPolicy: 'delete' },
    });
    expect(wanted.get('staging.regicam.thumbnails.v1')?.config?.cleanupPolicy).toBe('compact');
    expect(wanted.get('staging.regicam.links.v1.dlq')).toMatchObject({ partitions: 1 });
  });
});
