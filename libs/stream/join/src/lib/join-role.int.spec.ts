import type { MessageLog } from '@regicam/messaging';
import { KafkaMessageLog } from '@regicam/messaging/kafka';
import { requireServer, uniqueName } from '@regicam/testing/servers';
import { Kafka, logLevel } from 'kafkajs';
import { joinScenarios } from '../testing/join-scenarios';

joinScenarios('Apache Kafka', async () => {
  const brokers = requireServer('KAFKA_BROKERS').split(',');
  const logs: MessageLog[] = [];
  return {
    open: () => {
      const log = new KafkaMessageLog({
        brokers,
        clientId: 'regicam-join-test',
        sessionTimeoutMs: 6000,
        heartbeatIntervalMs: 500,
      });
      logs.push(log);
      return log;
    },
    unique: uniqueName,
    // The broker is shared: remove this run's topics (with their dead-letter topics) and groups.
    cleanup: async (prefixes) => {
      for (const log of logs) await log.close();
      const admin = new Kafka({ clientId: 'regicam-join-cleanup', brokers, logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      try {
        const mine = (name: string) => prefixes.some((p) => name.startsWith(p));
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
