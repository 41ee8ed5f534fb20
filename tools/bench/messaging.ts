/**
 * Message log throughput, in one run on this machine:
 * - Kafka: the broker's own perf tools (kafka-tools ProducerPerformance and
 *   ConsumerPerformance), raw kafkajs (with its own commit after every
 *   batch, and without commits as a ceiling), and our Kafka adapter (commits
 *   coalesced, and a commit after every batch), each moving the same number
 *   of 1 KB records;
 * - embedded: our SQLite adapter against raw better-sqlite3 doing the same
 *   inserts and reads.
 * Needs a broker (KAFKA_BROKERS) and the Kafka jars (KAFKA_LIBS); run it
 * through `npm run bench:messaging`, which starts both.
 */
import { SqliteMessageLog } from '@regicam/messaging/sqlite';
import { KafkaMessageLog } from '@regicam/messaging/kafka';
import type { ConsumerOptions, MessageLog } from '@regicam/messaging';
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, homedir, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { fmt, progress, rate, ratio, table, writeSection } from './report';

const RECORDS = Number(process.env['BENCH_RECORDS'] ?? 100_000);
const SIZE = 1024;
const BATCH = 1000;
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 5);
const payload = Buffer.alloc(SIZE, 'x');
const keyOf = (i: number) => `terminal-${i % 64}`;

type Result = { produce: number; consume: number };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(fn: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

function kafkaTool(libs: string, main: string, args: string[]): string {
  return execFileSync('java', ['-Xmx512m', '-cp', `${libs}/*`, main, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
}

function kafkaToolsRun(brokers: string, libs: string, topic: string): Result {
  progress(`kafka-tools ProducerPerformance: ${fmt(RECORDS)} records of ${SIZE} B`);
  const produced = kafkaTool(libs, 'org.apache.kafka.tools.ProducerPerformance', [
    '--topic',
    topic,
    '--num-records',
    String(RECORDS),
    '--record-size',
    String(SIZE),
    '--throughput',
    '-1',
    '--producer-props',
    `bootstrap.servers=${brokers}`,
    'acks=all',
    `batch.size=${16384 * 4}`,
  ]);
  const produceLine = produced.trim().split('\n').pop() ?? '';
  const produce = Number(/([\d.]+) records\/sec/.exec(produceLine)?.[1]);
  progress(`kafka-tools ConsumerPerformance: ${fmt(RECORDS)} records`);
  const consumed = kafkaTool(libs, 'org.apache.kafka.tools.ConsumerPerformance', [
    '--bootstrap-server',
    brokers,
    '--topic',
    topic,
    '--messages',
    String(RECORDS),
    '--group',
    `bench-tools-${Date.now()}`,
  ]);
  // Columns: start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, ...
  const dataLine = consumed.trim().split('\n').pop() ?? '';
  const consume = Number(dataLine.split(',')[5]);
  if (!Number.isFinite(produce) || !Number.isFinite(consume)) {
    throw new Error(`could not read the Kafka tools' output:\n${produced}\n${consumed}`);
  }
  return { produce, consume };
}

async function rawKafkajs(brokers: string[], topic: string): Promise<Result> {
  const kafka = new Kafka({ clientId: 'bench-raw', brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  progress(`raw kafkajs producer: ${fmt(RECORDS)} records`);
  const produceMs = await timed(async () => {
    for (let i = 0; i < RECORDS; i += BATCH) {
      const messages = Array.from({ length: Math.min(BATCH, RECORDS - i) }, (_, j) => ({
        key: keyOf(i + j),
        value: payload,
      }));
      await producer.send({ topic, acks: -1, messages });
    }
  });
  await producer.disconnect();
  const consume = await rawKafkajsConsume(kafka, topic, true);
  return { produce: rate(RECORDS, produceMs), consume };
}

/** kafkajs's own consumer: with autoCommit it commits after every batch it fetched; without, never. */
async function rawKafkajsConsume(kafka: Kafka, topic: string, autoCommit: boolean): Promise<number> {
  progress(`raw kafkajs consumer (${autoCommit ? 'autoCommit' : 'no commits'}): ${fmt(RECORDS)} records`);
  const consumer = kafka.consumer({ groupId: `bench-raw-${Date.now()}` });
  let seen = 0;
  const consumeMs = await timed(async () => {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve) => {
      void consumer.run({
        autoCommit,
        eachBatch: async ({ batch }) => {
          seen += batch.messages.length;
          if (seen >= RECORDS) resolve();
        },
      });
    });
  });
  await consumer.disconnect();
  return rate(RECORDS, consumeMs);
}

async function oursProduce(log: MessageLog, topic: string, label: string): Promise<number> {
  await log.createTopics([{ name: topic, partitions: 3 }]);
  progress(`${label} adapter send: ${fmt(RECORDS)} records`);
  const produceMs = await timed(async () => {
    for (let i = 0; i < RECORDS; i += BATCH) {
      await log.send(
        topic,
        Array.from({ length: Math.min(BATCH, RECORDS - i) }, (_, j) => ({ key: keyOf(i + j), value: payload })),
      );
    }
  });
  return rate(RECORDS, produceMs);
}

/** A new consumer group reading the whole topic, group join included. */
async function oursConsume(
  log: MessageLog,
  topic: string,
  label: string,
  options: Partial<ConsumerOptions> = {},
): Promise<number> {
  progress(`${label} adapter consumer group (${JSON.stringify(options)}): ${fmt(RECORDS)} records`);
  let seen = 0;
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  const consumer = log.consumer({
    groupId: `bench-ours-${Date.now()}`,
    topics: [topic],
    handler: async (batch) => {
      seen += batch.records.length;
      if (seen >= RECORDS) done();
    },
    ...options,
  });
  const consumeMs = await timed(async () => {
    await consumer.start();
    await all;
  });
  await consumer.stop();
  return rate(RECORDS, consumeMs);
}

function rawSqlite(path: string): Result {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE records (topic TEXT, partition INTEGER, offset INTEGER, key TEXT, value BLOB, headers TEXT, timestamp INTEGER,
           PRIMARY KEY (topic, partition, offset)) WITHOUT ROWID`);
  const insert = db.prepare('INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?)');
  progress(`raw better-sqlite3 inserts: ${fmt(RECORDS)} rows`);
  const offsets = [0, 0, 0];
  const t0 = performance.now();
  for (let i = 0; i < RECORDS; i += BATCH) {
    db.transaction(() => {
      for (let j = i; j < Math.min(i + BATCH, RECORDS); j++) {
        const p = j % 3;
        insert.run('t', p, offsets[p]++, keyOf(j), payload, '{}', Date.now());
      }
    })();
  }
  const produceMs = performance.now() - t0;
  progress(`raw better-sqlite3 reads: ${fmt(RECORDS)} rows`);
  const page = db.prepare(
    'SELECT * FROM records WHERE topic = ? AND partition = ? AND offset >= ? ORDER BY offset LIMIT 500',
  );
  const t1 = performance.now();
  let read = 0;
  for (let p = 0; p < 3; p++) {
    for (let from = 0; ;) {
      const rows = page.all('t', p, from) as { offset: number }[];
      if (rows.length === 0) break;
      read += rows.length;
      from = rows[rows.length - 1].offset + 1;
    }
  }
  const consumeMs = performance.now() - t1;
  db.close();
  if (read !== RECORDS) throw new Error(`raw read ${read} rows, expected ${RECORDS}`);
  return { produce: rate(RECORDS, produceMs), consume: rate(RECORDS, consumeMs) };
}

async function main(): Promise<void> {
  const brokersEnv = process.env['KAFKA_BROKERS'];
  if (!brokersEnv) throw new Error('KAFKA_BROKERS is not set: run npm run bench:messaging, which starts Kafka');
  const libs =
    process.env['KAFKA_LIBS'] ??
    join(process.env['REGICAM_CACHE'] ?? join(homedir(), '.cache', 'regicam'), 'kafka-4.1.1', 'libs');
  const brokers = brokersEnv.split(',');
  const stamp = Date.now();
  const loadAtStart = loadavg()[0];

  const admin = new Kafka({ clientId: 'bench-admin', brokers, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  const topics = ['tools', 'raw', 'ours'].map((t) => `bench-${t}-${stamp}`);
  await admin.createTopics({ waitForLeaders: true, topics: topics.map((topic) => ({ topic, numPartitions: 3 })) });
  await admin.disconnect();

  const tools = kafkaToolsRun(brokersEnv, libs, topics[0]);
  const raw = await rawKafkajs(brokers, topics[1]);
  const kafkaLog = new KafkaMessageLog({ brokers, clientId: 'bench-ours' });
  const adapterProduce = await oursProduce(kafkaLog, topics[2], 'Kafka');
  // The consumers, taken in turn ROUNDS times: the median of each is less at the mercy of the machine's load.
  const rawKafka = new Kafka({ clientId: 'bench-raw', brokers, logLevel: logLevel.NOTHING });
  const rounds = { raw: [raw.consume], rawNoCommits: [] as number[], ours: [] as number[], everyBatch: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    if (round > 0) rounds.raw.push(await rawKafkajsConsume(rawKafka, topics[1], true));
    rounds.rawNoCommits.push(await rawKafkajsConsume(rawKafka, topics[1], false));
    rounds.ours.push(await oursConsume(kafkaLog, topics[2], 'Kafka'));
    rounds.everyBatch.push(await oursConsume(kafkaLog, topics[2], 'Kafka', { commitIntervalMs: 0 }));
  }
  await kafkaLog.close();
  const rawConsume = median(rounds.raw);
  const rawNoCommits = median(rounds.rawNoCommits);
  const adapter = { produce: adapterProduce, consume: median(rounds.ours) };
  const everyBatch = median(rounds.everyBatch);

  const liteRounds = { raw: [] as Result[], ours: [] as Result[] };
  for (let round = 0; round < ROUNDS; round++) {
    const dir = mkdtempSync(join(tmpdir(), 'regicam-bench-'));
    liteRounds.raw.push(rawSqlite(join(dir, 'raw.sqlite')));
    const liteLog = new SqliteMessageLog({ path: join(dir, 'log.sqlite') });
    liteRounds.ours.push({
      produce: await oursProduce(liteLog, 'bench', 'SQLite'),
      consume: await oursConsume(liteLog, 'bench', 'SQLite'),
    });
    await liteLog.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const medianOf = (results: Result[]): Result => ({
    produce: median(results.map((r) => r.produce)),
    consume: median(results.map((r) => r.consume)),
  });
  const rawLite = medianOf(liteRounds.raw);
  const lite = medianOf(liteRounds.ours);

  const cleanup = new Kafka({ clientId: 'bench-admin', brokers, logLevel: logLevel.NOTHING }).admin();
  await cleanup.connect();
  await cleanup.deleteTopics({ topics: [...topics, `${topics[2]}.dlq`] });
  await cleanup.disconnect();

  const perSec = (n: number) => `${fmt(Math.round(n))} rec/s`;
  const body = [
    `${fmt(RECORDS)} records of ${SIZE} B, keys spread over 64 terminals, 3 partitions; sends of ${fmt(BATCH)} records; Kafka 4.1.1 single node on this machine. Each consumer is a new group reading the whole topic, its group join included; the consume figures (and the SQLite ones) are the median of ${ROUNDS} runs taken in turn. The machine is shared: load average ${loadAtStart.toFixed(1)} at the start and ${loadavg()[0].toFixed(1)} at the end, on ${cpus().length} cores.`,
    '',
    '### Kafka',
    '',
    table(
      ['client', 'produce', 'consume', 'produce ratio vs kafka-tools', 'consume ratio vs kafka-tools'],
      [
        [
          'kafka-tools ProducerPerformance / ConsumerPerformance (baseline)',
          perSec(tools.produce),
          perSec(tools.consume),
          '1.00',
          '1.00',
        ],
        [
          'raw kafkajs 2.2.4 (autoCommit: a commit after every fetched batch)',
          perSec(raw.produce),
          perSec(rawConsume),
          ratio(raw.produce, tools.produce),
          ratio(rawConsume, tools.consume),
        ],
        [
          'raw kafkajs 2.2.4, no commits at all (a ceiling)',
          '',
          perSec(rawNoCommits),
          '',
          ratio(rawNoCommits, tools.consume),
        ],
        [
          'RegiCam Kafka adapter (commits coalesced, at most every 200 ms)',
          perSec(adapter.produce),
          perSec(adapter.consume),
          ratio(adapter.produce, tools.produce),
          ratio(adapter.consume, tools.consume),
        ],
        [
          'RegiCam Kafka adapter, commitIntervalMs: 0 (each commit sent as soon as the one before is answered)',
          '',
          perSec(everyBatch),
          '',
          ratio(everyBatch, tools.consume),
        ],
      ],
    ),
    '',
    `Our adapter against raw kafkajs: produce ${ratio(adapter.produce, raw.produce)}, consume ${ratio(adapter.consume, rawConsume)} ` +
      `(${ratio(adapter.consume, rawNoCommits)} of kafkajs without any commits; ${ratio(everyBatch, rawConsume)} with commitIntervalMs: 0).`,
    '',
    '### Embedded (SQLite)',
    '',
    table(
      ['client', 'append', 'consume', 'append ratio', 'consume ratio'],
      [
        [
          'raw better-sqlite3 inserts / paged selects (baseline)',
          perSec(rawLite.produce),
          perSec(rawLite.consume),
          '1.00',
          '1.00',
        ],
        [
          'RegiCam SQLite adapter (consumer group, commits coalesced)',
          perSec(lite.produce),
          perSec(lite.consume),
          ratio(lite.produce, rawLite.produce),
          ratio(lite.consume, rawLite.consume),
        ],
      ],
    ),
  ].join('\n');
  writeSection('messaging', 'Message log', 'npm run bench:messaging', body);
  progress('written to docs/benchmarks.md');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:messaging failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
