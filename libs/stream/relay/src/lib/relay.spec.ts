import { HEADERS, TOPIC, decodeRecord, topicNames } from '@regicam/contracts';
import { SqliteEventStore } from '@regicam/event-store/sqlite';
import { readTopic } from '@regicam/messaging';
import { SqliteMessageLog } from '@regicam/messaging/sqlite';
import { SqliteReadStore } from '@regicam/read-store/sqlite';
import type { StoredEvent } from '@regicam/event-store';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RELAY_CHECKPOINT, Relay, relayedRecord } from './relay';

const topics = topicNames('t.');
const facts = { ownerId: 'o-1', provider: 'smaregi', contractId: 'c1', actor: 'owner:o-1' };
const linkCreated = (linkId: string, terminalId: string, at: string) => ({
  type: 'LinkCreated.v1',
  data: { ...facts, linkId, terminalId, cameraId: 'cam-1', region: null, at },
});
const sale = (transactionId: string, terminalId: string, over: Record<string, unknown> = {}) => ({
  type: 'TransactionReceived.v1',
  data: {
    transactionId,
    provider: 'smaregi',
    contractId: 'c1',
    storeId: '1',
    terminalId,
    receiptNo: transactionId,
    kind: 'payment',
    occurredAt: '2026-12-01T03:00:00.000Z',
    receivedAt: '2026-12-01T03:00:05.000Z',
    total: 550,
    deposit: 1000,
    change: 450,
    currency: 'JPY',
    staff: null,
    refersTo: null,
    actor: 'system:smaregi-poller',
    ...over,
  },
});
const stored = (e: { type: string; data: Record<string, unknown> }, position: string): StoredEvent => ({
  id: `00000000-0000-4000-8000-${position.padStart(12, '0')}`,
  ...e,
  metadata: {},
  streamName: 's',
  revision: 0,
  position,
  recordedAt: '2026-12-01T03:00:06.000Z',
});

describe('relayedRecord', () => {
  it('puts a link event on the links topic, keyed by terminal, with id, type, version and position', () => {
    const out = relayedRecord(stored(linkCreated('l1', '3', '2026-12-01T00:00:00.000Z'), '42'), topics);
    expect(out.topic).toBe('t.regicam.links.v1');
    expect(out.deadLetter).toBe(false);
    expect(out.message.key).toBe('smaregi:c1:3');
    expect(out.message.headers).toMatchObject({
      [HEADERS.recordId]: '00000000-0000-4000-8000-000000000042',
      [HEADERS.type]: 'LinkCreated',
      [HEADERS.schemaVersion]: '1',
      [HEADERS.position]: '42',
      'content-type': 'application/json',
    });
  });

  it('puts a transaction on the transactions topic, and one its contract refuses on that topic’s .dlq with the reason', () => {
    expect(relayedRecord(stored(sale('25', '2'), '7'), topics)).toMatchObject({
      topic: 't.regicam.transactions.v1',
      deadLetter: false,
      message: { key: 'smaregi:c1:2' },
    });
    const bad = relayedRecord(stored(sale('26', '2', { currency: 'yen' }), '8'), topics);
    expect(bad).toMatchObject({ topic: 't.regicam.transactions.v1.dlq', deadLetter: true });
    expect(bad.message.headers?.['x-dead-letter-reason']).toMatch(/currency/);
    expect(JSON.parse(String(bad.message.value))).toMatchObject({
      type: 'TransactionReceived.v1',
      data: { transactionId: '26' },
    });
  });
});

describe('the relay on the embedded stores', () => {
  const dir = mkdtempSync(join(tmpdir(), 'regicam-relay-'));
  let events: SqliteEventStore;
  let store: SqliteReadStore;
  let log: SqliteMessageLog;

  beforeAll(async () => {
    events = new SqliteEventStore({ path: join(dir, 'events.sqlite'), pollIntervalMs: 10 });
    store = new SqliteReadStore(join(dir, 'read.sqlite'));
    log = new SqliteMessageLog({ path: join(dir, 'messages.sqlite') });
    await log.createTopics(
      [topics.links, topics.transactions].flatMap((name) => [
        { name, partitions: 3 },
        { name: `${name}.dlq`, partitions: 1 },
      ]),
    );
  });
  afterAll(async () => {
    await log.close();
    await store.close();
    await events.close();
  });

  const append = (stream: string, e: { type: string; data: Record<string, unknown> }) =>
    events.append(stream, [{ id: crypto.randomUUID(), ...e }], { expectedRevision: 'any' });

  it('publishes every link and transaction in order per key, sets aside what its contract refuses, and resumes', async () => {
    await append('link-smaregi-c1-1', linkCreated('l1', '1', '2026-12-01T00:00:00.000Z'));
    for (let i = 0; i < 30; i++) await append(`transaction-smaregi-c1-${i}`, sale(String(i), String(1 + (i % 3))));
    await append('transaction-smaregi-c1-bad', sale('bad', '1', { total: 'lots' }));
    await append('link-smaregi-c1-2', linkCreated('l2', '2', '2026-12-01T00:01:00.000Z'));
    const relay = new Relay({ events, store, log, topics });
    await relay.start();
    const last = (await events.readAll()).at(-1)!;
    await relay.waitFor(last.position, 10_000);
    await relay.stop();
    expect(await store.checkpoint(RELAY_CHECKPOINT)).toBe(last.position);
    expect(relay.relayStatus()).toMatchObject({ relayed: 32, deadLettered: 1 });

    const txs = await readTopic(log, topics.transactions);
    const decoded = txs.map((r) => decodeRecord(TOPIC.transactions, r));
    expect(decoded.every((d) => d.ok)).toBe(true);
    const byKey = new Map<string, number[]>();
    for (const d of decoded) {
      if (!d.ok) continue;
      byKey.set(d.value.terminalKey, [...(byKey.get(d.value.terminalKey) ?? []), Number(d.value.transactionId)]);
    }
    expect([...byKey.values()].every((ids) => ids.every((id, i) => i === 0 || id > ids[i - 1]))).toBe(true);
    expect([...byKey.values()].flat()).toHaveLength(30);
    expect((await readTopic(log, topics.links)).map((r) => r.key).sort()).toEqual(['smaregi:c1:1', 'smaregi:c1:2']);
    const dead = await readTopic(log, `${topics.transactions}.dlq`);
    expect(dead).toHaveLength(1);
    expect(dead[0].headers['x-dead-letter-reason']).toMatch(/total/);

    // A new relay goes on from the checkpoint: nothing is published twice.
    await append('transaction-smaregi-c1-31', sale('31', '1'));
    const again = new Relay({ events, store, log, topics });
    await again.start();
    await again.waitFor((await events.readAll()).at(-1)!.position, 10_000);
    await again.stop();
    expect(await readTopic(log, topics.transactions)).toHaveLength(31);
  });
});
