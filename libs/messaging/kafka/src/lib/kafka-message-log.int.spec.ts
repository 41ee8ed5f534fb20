import { messageLogContract } from '@regicam/messaging/testing';
import { requireServer, uniqueName } from '@regicam/testing/servers';
import { Kafka, logLevel } from 'kafkajs';
import { join } from 'node:path';
import { KafkaMessageLog, type KafkaMessageLogOptions } from './kafka-message-log';

messageLogContract('Apache Kafka', async () => {
  const brokers = requireServer('KAFKA_BROKERS').split(',');
  const options: KafkaMessageLogOptions = {
    brokers,
    clientId: 'regicam-contract',
    sessionTimeoutMs: 6000,
    heartbeatIntervalMs: 500,
  };
  return {
    open: () => new KafkaMessageLog(options),
    unique: uniqueName,
    child: { module: join(__dirname, 'kafka-message-log.ts'), exportName: 'KafkaMessageLog', options },
    // The broker is shared: remove this run's topics (with their dead-letter topics) and groups.
    cleanup: async (names) => {
      const admin = new Kafka({ clientId: 'regicam-contract-cleanup', brokers, logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      try {
        const mine = (name: string) => names.some((n) => name === n || name.startsWith(`${n}.`));
        const topics = (await admin.listTopics()).filter(mine);
        if (topics.length > 0) await admin.deleteTopics({ topics });
        const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter(mine);
        if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
      } finally {
        await admin.disconnect();
      }
    },
  };
});
