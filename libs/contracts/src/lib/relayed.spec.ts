import type { LinkCreated, LinkRemoved, TransactionReceived } from '@regicam/domain';
import { HEADERS } from './headers';
import { encodeRecord } from './record-codec';
import { linkRecordOf, transactionRecordOf } from './relayed';
import { TOPIC } from './topics';

// The domain events are typed literals: a field added to an event fails to
// compile here until it is given, and then fails the strict schema until the
// record has it too.
const facts = {
  linkId: 'link-1',
  ownerId: 'owner-1',
  provider: 'smaregi',
  contractId: 'demo',
  terminalId: '1',
  cameraId: 'camera-1',
  actor: 'owner-1',
  at: '2026-12-01T00:00:00.000Z',
} as const;
const created: LinkCreated = { type: 'LinkCreated.v1', data: { ...facts, region: null } };
const removed: LinkRemoved = { type: 'LinkRemoved.v1', data: { ...facts, reason: 'removed by the owner' } };
const sale: TransactionReceived = {
  type: 'TransactionReceived.v1',
  data: {
    transactionId: '25',
    provider: 'ubiregi',
    contractId: 'shop-9',
    storeId: '2',
    terminalId: '4',
    receiptNo: 'R-0025',
    kind: 'cancel',
    occurredAt: '2026-12-01T03:04:05.000Z',
    receivedAt: '2026-12-01T03:04:06.000Z',
    total: -1280,
    deposit: 0,
    change: 0,
    currency: 'JPY',
    staff: null,
    refersTo: '24',
    actor: 'system:ubiregi-poller',
  },
};

describe('the relayed records of the domain events', () => {
  it('carry the link event data with its id and terminal key', () => {
    for (const event of [created, removed]) {
      const record = encodeRecord(TOPIC.links, linkRecordOf('event-1', event), { position: '9' });
      expect(JSON.parse(record.value)).toEqual({
        type: event.type.replace('.v1', ''),
        eventId: 'event-1',
        terminalKey: 'smaregi:demo:1',
        ...event.data,
      });
      expect(record.headers[HEADERS.recordId]).toBe('event-1');
    }
  });

  it('carry the transaction data with its id and keys', () => {
    const record = encodeRecord(TOPIC.transactions, transactionRecordOf('event-2', sale), { position: '10' });
    expect(JSON.parse(record.value)).toEqual({
      type: 'TransactionReceived',
      eventId: 'event-2',
      transactionKey: 'ubiregi:shop-9:25',
      terminalKey: 'ubiregi:shop-9:4',
      ...sale.data,
    });
    expect(record.key).toBe('ubiregi:shop-9:4');
  });
});
