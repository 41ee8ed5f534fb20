/**
 * An example consumer of RegiCam's topics, for analysts. It reads a topic
 * with kafkajs, checks every record against the topic's contract
 * (`decodeRecord` of @regicam/contracts), drops repeats by record id, and
 * prints one line per record: the records it keeps as JSON lines on stdout,
 * the ones it skips, and why, on stderr.
 *
 *   TS_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register tools/examples/consume-topic.ts \
 *     --brokers 127.0.0.1:9092 --topic regicam.transactions.v1 [--from-beginning]
 *
 * At least once: kafkajs commits an offset after the record is printed, so a
 * restart with the same --group may print the last records again; the
 * record id is what tells a repeat (within a run, here).
 */
import { decodeRecord, HEADERS, TOPIC, topicContract } from '@regicam/contracts';
import { Command } from 'commander';
import { Kafka, logLevel } from 'kafkajs';

const options = new Command('consume-topic')
  .description('Print the records of a RegiCam topic that fit its contract, one JSON line each.')
  .requiredOption('--brokers <list>', 'Kafka brokers, comma-separated, e.g. 127.0.0.1:9092')
  .requiredOption('--topic <name>', `the topic to read, e.g. ${TOPIC.transactions}`)
  .option('--contract <topic>', 'the RegiCam topic whose contract the records follow (default: --topic)')
  .option('--group <id>', 'the consumer group; give one to resume where it stopped (default: a new group per run)')
  .option('--from-beginning', 'a new group starts at the oldest record kept (default: at the next one written)')
  .parse()
  .opts<{ brokers: string; topic: string; contract?: string; group?: string; fromBeginning?: boolean }>();

const contract = topicContract(options.contract ?? options.topic);
if (!contract) {
  process.stderr.write(
    `${options.contract ?? options.topic} is not a RegiCam topic; name the contract its records follow with --contract ` +
      `(one of ${Object.values(TOPIC).join(', ')})\n`,
  );
  process.exit(2);
}
const { name, cleanupPolicy } = contract;

/**
 * Record ids seen in this run (the latest 100 000). On a compacted topic a
 * later record of an id is a newer outcome (a thumbnail made after a failed
 * attempt), so there only the same id with the same value is a repeat.
 */
const SEEN_LIMIT = 100_000;
const seen = new Map<string, string>();
const counts = { printed: 0, repeats: 0, invalid: 0 };

function isRepeat(recordId: string, value: string): boolean {
  const fingerprint = cleanupPolicy === 'compact' ? value : '';
  if (seen.get(recordId) === fingerprint) return true;
  seen.delete(recordId);
  seen.set(recordId, fingerprint);
  if (seen.size > SEEN_LIMIT) seen.delete(seen.keys().next().value as string);
  return false;
}

async function main(): Promise<void> {
  const kafka = new Kafka({
    clientId: 'regicam-example-consumer',
    brokers: options.brokers.split(','),
    logLevel: logLevel.ERROR,
  });
  const consumer = kafka.consumer({ groupId: options.group ?? `regicam-example-${process.pid}-${Date.now()}` });

  // On SIGINT / SIGTERM: leave the group, say what was read, then let the signal do its default.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void consumer.disconnect().finally(() => {
        process.stderr.write(
          `printed ${counts.printed} records; skipped ${counts.repeats} repeats and ` +
            `${counts.invalid} that do not fit ${name}\n`,
        );
        process.kill(process.pid, signal);
      });
    });
  }

  await consumer.connect();
  await consumer.subscribe({ topic: options.topic, fromBeginning: options.fromBeginning === true });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const where = `${options.topic}/${partition}@${message.offset}`;
      // 1. The contract: headers, value and key as agreed, or the reason it is skipped.
      const decoded = decodeRecord(name, message);
      if (!decoded.ok) {
        counts.invalid++;
        process.stderr.write(`skipped ${where}: ${decoded.reason}\n`);
        return;
      }
      // 2. Idempotency: a record id handled before is a repeat.
      const recordId = decoded.headers[HEADERS.recordId];
      if (isRepeat(recordId, JSON.stringify(decoded.value))) {
        counts.repeats++;
        process.stderr.write(`skipped ${where}: repeat of record ${recordId}\n`);
        return;
      }
      // 3. One JSON line per record kept.
      counts.printed++;
      const line = { partition, offset: message.offset, key: message.key?.toString(), recordId, value: decoded.value };
      process.stdout.write(`${JSON.stringify(line)}\n`);
    },
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`consume-topic: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
