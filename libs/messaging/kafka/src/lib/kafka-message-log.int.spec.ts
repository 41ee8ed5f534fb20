import { messageLogContract } from '@regicam/messaging/testing';
import { requireServer, uniqueName } from '@regicam/testing/servers';
import { KafkaMessageLog } from './kafka-message-log';

messageLogContract('Apache Kafka', async () => {
  const brokers = requireServer('KAFKA_BROKERS').split(',');
  return {
    open: () =>
      new KafkaMessageLog({ brokers, clientId: 'regicam-contract', sessionTimeoutMs: 6000, heartbeatIntervalMs: 500 }),
    unique: uniqueName,
  };
});
