import { KafkaMessageLog } from '@regicam/messaging/kafka';
import { requireServer, uniqueName } from '@regicam/testing/servers';
import { Kafka, logLevel } from 'kafkajs';
import { thumbnailerScenarios } from '../test-support/role-scenarios';

/** Removes this run's topics (and their dead-letter topics) and groups from the shared broker. */
async function cleanUp(brokers: string[], prefix: string, groupId: string): Promise<void> {
  const admin = new Kafka({ clientId: 'regicam-thumbs-cleanup', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    await admin.deleteGroups([groupId]).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
}

// Apache Kafka of the test run: topics named with a prefix of this run, deleted afterwards.
thumbnailerScenarios('Apache Kafka', {
  unique: uniqueName,
  open: async (prefix, groupId) => {
    const brokers = requireServer('KAFKA_BROKERS').split(',');
    const log = new KafkaMessageLog({
      brokers,
      clientId: 'regicam-thumbs-test',
      sessionTimeoutMs: 6000,
      heartbeatIntervalMs: 500,
    });
    return {
      log,
      close: async () => {
        await log.close();
        await cleanUp(brokers, prefix, groupId);
      },
    };
  },
});
