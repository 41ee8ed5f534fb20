import { fromKafkaConfig, toKafkaConfig } from './kafka-config';

describe('Kafka topic config', () => {
  it('writes the fields given, forever as -1', () => {
    expect(toKafkaConfig(undefined)).toEqual([]);
    expect(toKafkaConfig({ retentionMs: null, cleanupPolicy: 'delete' })).toEqual([
      { name: 'retention.ms', value: '-1' },
      { name: 'cleanup.policy', value: 'delete' },
    ]);
    expect(toKafkaConfig({ cleanupPolicy: 'compact', deleteRetentionMs: 3_600_000 })).toEqual([
      { name: 'cleanup.policy', value: 'compact' },
      { name: 'delete.retention.ms', value: '3600000' },
    ]);
  });

  it('reads what the broker reports', () => {
    const entries = (retention: string, policy: string) => [
      { configName: 'retention.ms', configValue: retention },
      { configName: 'cleanup.policy', configValue: policy },
      { configName: 'delete.retention.ms', configValue: '86400000' },
    ];
    expect(fromKafkaConfig('t', entries('604800000', 'delete'))).toEqual({
      retentionMs: 604_800_000,
      cleanupPolicy: 'delete',
      deleteRetentionMs: 86_400_000,
    });
    expect(fromKafkaConfig('t', entries('-1', 'compact')).retentionMs).toBeNull();
    expect(fromKafkaConfig('t', entries('1', 'delete, compact')).cleanupPolicy).toBe('compact,delete');
    expect(() => fromKafkaConfig('t', entries('1', 'shred'))).toThrow(
      'topic t has a cleanup.policy the port does not know: shred',
    );
    expect(() => fromKafkaConfig('t', [])).toThrow('the broker did not report retention.ms of topic t');
  });
});
