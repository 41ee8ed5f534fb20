/**
 * bench:relay — events relayed per second from the SQLite event store to
 * Kafka by the relay, against, in the same run, the same events read with
 * the store's own `readAll` and produced with raw kafkajs (same keys,
 * values and batches; no checkpoints). Writes the "Relay" section of
 * docs/benchmarks.md.
 *
 *   npm run bench:relay              (starts Kafka with tools/infra/with-infra)
 *   BENCH_RELAY_EVENTS=50000 npm run bench:relay
 */
import { topicNames } from '@regicam/contracts';
import { SqliteEventStore } from '@regicam/event-store/sqlite';
import { KafkaMessageLog } from '@regicam/messaging/kafka';
import { SqliteReadStore } from '@regicam/read-store/sqlite';
import { RELAY_CHECKPOINT, Relay, relayedRecord } from '@regicam/stream/relay';
import { Kafka, logLevel } from 'kafkajs';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, progress, rate, ratio, table, writeSection } from './report';

const EVENTS = Number(process.env['BENCH_RELAY_EVENTS'] ?? 20_000);
const PAGE = 500;

function event(i: number) {
  const terminalId = String(1 + (i % 64));
  return {
    stream: `transaction-smaregi-bench-${i}`,
    type: 'TransactionReceived.v1',
    data: {
      transactionId: String(i),
      provider: 'smaregi',
      contractId: 'bench',
      storeId: '1',
      terminalId,
      receiptNo: String(i),
      kind: 'payment',
      occurredAt: new Date(Date.UTC(2026, 11, 1) + i * 1000).toISOString(),
      receivedAt: new Date(Date.UTC(2026, 11, 1) + i * 1000 + 300).toISOString(),
      total: 100 + (i % 900),
      deposit: 1000,
      change: 900 - (i % 900),
      currency: 'JPY',
      staff: { id: '7', name: '山田' },
      refersTo: null,
      actor: 'system:smaregi-poller',
    },
  };
}

async function main(): Promise<void> {
  const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',').filter(Boolean);
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS is not set: run it with npm run bench:relay');
  const loadBefore = loadavg()[0].toFixed(1);
  const dir = mkdtempSync(join(tmpdir(), 'regicam-bench-relay-'));
  const run = `bench-relay-${process.pid}-${Date.now().toString(36)}`;
  const events = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
  progress(`appending ${fmt(EVENTS)} transactions to a SQLite event store`);
  for (let i = 0; i < EVENTS; i += 100) {
    for (let j = i; j < Math.min(EVENTS, i + 100); j++) {
      const e = event(j);
      await events.append(e.stream, [{ id: crypto.randomUUID(), type: e.type, data: e.data }], {
        expectedRevision: 'no_stream',
      });
    }
  }
  const kafka = new Kafka({ clientId: 'bench-relay', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const log = new KafkaMessageLog({ brokers });

  // 1. Baseline: readAll page by page, each page produced with raw kafkajs (idempotent, acks from all).
  const baseTopics = topicNames(`${run}-raw.`);
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: baseTopics.transactions, numPartitions: 3 }] });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  progress('baseline: readAll + raw kafkajs');
  let t0 = Date.now();
  let sent = 0;
  for (let after: string | undefined; ;) {
    const page = await events.readAll({ after, maxCount: PAGE });
    if (page.length === 0) break;
    const messages = page.map((e) => {
      const { key, value, headers } = relayedRecord(e, baseTopics).message;
      return { key, value, headers };
    });
    await producer.send({ topic: baseTopics.transactions, acks: -1, messages });
    sent += page.length;
    after = page[page.length - 1].position;
  }
  const baseMs = Date.now() - t0;
  await producer.disconnect();

  // 2. The relay: subscription from the start, batches sent, checkpoint saved after each.
  const ourTopics = topicNames(`${run}-relay.`);
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: ourTopics.transactions, numPartitions: 3 }] });
  const store = new SqliteReadStore(join(dir, 'read.sqlite'));
  const lastPosition = (await events.readAll({ maxCount: EVENTS + 1 })).at(-1)?.position ?? '';
  progress('the relay');
  t0 = Date.now();
  const relay = new Relay({ events, store, log, topics: ourTopics }, { batchSize: PAGE });
  await relay.start();
  await relay.waitFor(lastPosition, 600_000);
  const ourMs = Date.now() - t0;
  await relay.stop();
  const checkpoint = await store.checkpoint(RELAY_CHECKPOINT);

  await admin.deleteTopics({ topics: [baseTopics.transactions, ourTopics.transactions] }).catch(() => undefined);
  await admin.disconnect();
  await log.close();
  await store.close();
  await events.close();
  rmSync(dir, { recursive: true, force: true });
  if (checkpoint !== lastPosition) throw new Error(`the relay stopped at ${checkpoint}, not ${lastPosition}`);

  const base = rate(sent, baseMs);
  const ours = rate(EVENTS, ourMs);
  writeSection(
    'relay',
    'Relay (event store → Kafka)',
    'npm run bench:relay',
    [
      `${fmt(EVENTS)} TransactionReceived events in a SQLite event store, relayed to a topic of 3 partitions on Kafka 4.1.1 (single node on this machine), in batches of ${PAGE}, every batch acknowledged by the broker (acks from all, idempotent producer) before the relay saves its checkpoint. Load average ${loadBefore} at the start and ${loadavg()[0].toFixed(1)} at the end, on 2 cores.`,
      '',
      table(
        ['path', 'events/s', 'ratio'],
        [
          ['readAll pages + raw kafkajs producer (baseline; no checkpoint)', fmt(base), '1.00'],
          [
            'RegiCam relay (subscription, contract encoding, checkpoint after every batch)',
            fmt(ours),
            ratio(ours, base),
          ],
        ],
      ),
    ].join('\n'),
  );
  progress(`baseline ${fmt(base)} events/s; relay ${fmt(ours)} events/s; ratio ${ratio(ours, base)}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:relay failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
