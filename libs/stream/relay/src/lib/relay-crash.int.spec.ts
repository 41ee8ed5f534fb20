import { HEADERS, TOPIC, decodeRecord, topicNames } from '@regicam/contracts';
import { SqliteEventStore } from '@regicam/event-store/sqlite';
import { KafkaMessageLog } from '@regicam/messaging/kafka';
import { readTopic } from '@regicam/messaging';
import { SqliteReadStore } from '@regicam/read-store/sqlite';
import { freePort, requireServer, startProgram, uniqueName, type OwnedProcess } from '@regicam/testing/servers';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RELAY_CHECKPOINT } from './relay';

const EVENTS = 10_000;
const TERMINALS = 40;

/**
 * The relay as a worker process (WORKER_ROLES=relay) on a SQLite event
 * store of 10,000 events and the real Kafka, killed with SIGKILL at random
 * points five times and started again: afterwards every event is on its
 * topic, in order per key, and the only repeats are records of the same
 * event id (at least once, never lost, never reordered).
 */
describe('the relay killed at random points while it publishes 10,000 events', () => {
  const dir = mkdtempSync(join(tmpdir(), 'regicam-relay-crash-'));
  const prefix = `${uniqueName('relay')}.`;
  const topics = topicNames(prefix);
  let brokers: string;
  let lastPosition = '';
  let worker: OwnedProcess | undefined;

  const start = async () => {
    const port = await freePort();
    return startProgram({
      app: 'worker',
      name: 'relay',
      env: {
        DATA_DIR: dir,
        WORKER_ROLES: 'relay',
        WORKER_PORT: String(port),
        KAFKA_BROKERS: brokers,
        TOPIC_PREFIX: prefix,
        TOPIC_PARTITIONS: '3',
        LOG_LEVEL: 'warn',
      },
      readyUrl: `http://127.0.0.1:${port}/api/health`,
      readyStatus: 200,
    });
  };

  beforeAll(async () => {
    brokers = requireServer('KAFKA_BROKERS');
    const events = new SqliteEventStore({ path: join(dir, 'events.sqlite') });
    for (let i = 0; i < EVENTS; i++) {
      const terminalId = String(1 + (i % TERMINALS));
      const e =
        i % 10 === 0
          ? {
              stream: `link-smaregi-c1-${terminalId}`,
              type: i % 20 === 0 ? 'LinkCreated.v1' : 'LinkRemoved.v1',
              data: {
                linkId: `l${Math.floor(i / 20)}`,
                ownerId: 'o-1',
                provider: 'smaregi',
                contractId: 'c1',
                terminalId,
                cameraId: 'cam-1',
                actor: 'owner:o-1',
                at: new Date(Date.UTC(2026, 11, 1) + i * 1000).toISOString(),
                ...(i % 20 === 0 ? { region: null } : { reason: 'removed by the owner' }),
              },
            }
          : {
              stream: `transaction-smaregi-c1-${i}`,
              type: 'TransactionReceived.v1',
              data: {
                transactionId: String(i),
                provider: 'smaregi',
                contractId: 'c1',
                storeId: '1',
                terminalId,
                receiptNo: String(i),
                kind: 'payment',
                occurredAt: new Date(Date.UTC(2026, 11, 1) + i * 1000).toISOString(),
                receivedAt: new Date(Date.UTC(2026, 11, 1) + i * 1000 + 500).toISOString(),
                total: i,
                deposit: i,
                change: 0,
                currency: 'JPY',
                staff: null,
                refersTo: null,
                actor: 'system:smaregi-poller',
              },
            };
      const appended = await events.append(e.stream, [{ id: crypto.randomUUID(), type: e.type, data: e.data }], {
        expectedRevision: 'any',
      });
      lastPosition = appended.position;
    }
    await events.close();
  }, 300_000);

  afterAll(async () => {
    await worker?.stop('SIGKILL');
    const log = new KafkaMessageLog({ brokers: brokers.split(',') });
    await log.deleteTopics(Object.values(topics).flatMap((t) => [t, `${t}.dlq`])).catch(() => undefined);
    await log.close();
  });

  const relayed = async () => {
    const store = new SqliteReadStore(join(dir, 'read.sqlite'));
    try {
      return await store.checkpoint(RELAY_CHECKPOINT);
    } finally {
      await store.close();
    }
  };

  it('leaves every event on its topic, in order per key, repeating only records of the same event', async () => {
    // 1. Five kills at random points while it publishes (0 to 0.6 s after its first checkpoint of
    //    this run, however long its start took), each followed by a restart.
    const kills: (string | null)[] = [];
    for (let k = 0; k < 5; k++) {
      worker = await start();
      const before = kills.at(-1) ?? null;
      const publishing = Date.now() + 60_000;
      while ((await relayed()) === before && before !== lastPosition) {
        if (Date.now() > publishing) throw new Error(`the relay did not publish: ${worker.logs()}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 600)));
      await worker.stop('SIGKILL');
      kills.push(await relayed());
    }
    // 2. A last run to the end.
    worker = await start();
    const deadline = Date.now() + 180_000;
    while ((await relayed()) !== lastPosition) {
      if (Date.now() > deadline) throw new Error(`the relay did not finish: ${worker.logs()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    await worker.stop('SIGTERM');

    // 3. What the topics hold.
    const log = new KafkaMessageLog({ brokers: brokers.split(',') });
    try {
      const records = [
        ...(await readTopic(log, topics.links)).map((r) => ({ r, d: decodeRecord(TOPIC.links, r) })),
        ...(await readTopic(log, topics.transactions)).map((r) => ({ r, d: decodeRecord(TOPIC.transactions, r) })),
      ];
      expect(records.filter((x) => !x.d.ok).map((x) => (x.d.ok ? '' : x.d.reason))).toEqual([]);
      const firstSeen = new Map<string, number>();
      const perKey = new Map<string, number[]>();
      for (const { r } of records) {
        const id = r.headers[HEADERS.recordId];
        const position = Number(r.headers[HEADERS.position]);
        if (firstSeen.has(id)) {
          // A repeat is the same event again, nothing else.
          expect(firstSeen.get(id)).toBe(position);
          continue;
        }
        firstSeen.set(id, position);
        perKey.set(r.key ?? '', [...(perKey.get(r.key ?? '') ?? []), position]);
      }
      expect(firstSeen.size).toBe(EVENTS);
      for (const positions of perKey.values()) {
        expect(positions.every((p, i) => i === 0 || p > positions[i - 1])).toBe(true);
      }
      expect(perKey.size).toBe(TERMINALS);
      // The kills happened while it was publishing, not before or after.
      expect(kills.some((k) => k !== null && k !== lastPosition)).toBe(true);
    } finally {
      await log.close();
    }
  }, 600_000);
});
