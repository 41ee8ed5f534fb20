// Health checks for tools/infra: asks the servers through the same clients the
// tests use (kafkajs, the mongodb driver), resolved from the repository's
// node_modules.
//
//   node health.cjs kafka 127.0.0.1:9092 <timeout-ms> [pid]
//   node health.cjs mongo mongodb://127.0.0.1:27017/ <timeout-ms> [pid]
//
// Retries until the server answers, the timeout passes or the process `pid`
// (the server) exits. Exit code 0 when it
// answered, 1 when it did not, 3 when the client package is not installed
// (npm ci has not run yet); the caller then falls back to a TCP check.
'use strict';

const path = require('node:path');

const [kind, address, timeoutArg, pidArg] = process.argv.slice(2);
const timeoutMs = Number(timeoutArg ?? 0);
const repoRoot = path.resolve(__dirname, '../../..');

function load(name) {
  try {
    return require(require.resolve(name, { paths: [repoRoot] }));
  } catch {
    process.stderr.write(`health: ${name} is not installed in ${repoRoot}/node_modules (run npm ci)\n`);
    process.exit(3);
  }
}

function processGone() {
  if (!pidArg) return false;
  try {
    process.kill(Number(pidArg), 0);
    return false;
  } catch (error) {
    return error.code === 'ESRCH';
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function kafkaOnce() {
  const { Kafka, logLevel } = load('kafkajs');
  const kafka = new Kafka({
    clientId: 'regicam-infra-health',
    brokers: address.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (!cluster.brokers.length || cluster.controller == null) throw new Error('no broker or controller yet');
    await admin.listTopics();
    return `kafka cluster ${cluster.clusterId}, controller ${cluster.controller}`;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function mongoOnce() {
  const { MongoClient } = load('mongodb');
  const client = new MongoClient(address, { serverSelectionTimeoutMS: 1000, connectTimeoutMS: 1000 });
  try {
    await client.connect();
    const reply = await client.db('admin').command({ ping: 1 });
    if (reply.ok !== 1) throw new Error(`ping answered ${JSON.stringify(reply)}`);
    return 'mongodb ping ok';
  } finally {
    await client.close().catch(() => undefined);
  }
}

async function main() {
  const once = { kafka: kafkaOnce, mongo: mongoOnce }[kind];
  if (!once || !address) {
    process.stderr.write('usage: node health.cjs kafka|mongo <address> [timeout-ms]\n');
    process.exit(2);
  }
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      process.stdout.write(`${await once()}\n`);
      return 0;
    } catch (error) {
      lastError = error;
    }
    if (processGone()) {
      process.stderr.write(`health: the ${kind} server process (pid ${pidArg}) has exited\n`);
      return 1;
    }
    if (Date.now() >= deadline) break;
    await sleep(500);
  }
  process.stderr.write(`health: ${kind} at ${address} did not answer: ${lastError?.message ?? lastError}\n`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`health: ${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
