import { SqliteEventStore } from '@regicam/event-store/sqlite';
import { projectionSpec, type GivenEvent } from '@regicam/event-sourcing/testing';
import { SqliteReadStore } from '@regicam/read-store/sqlite';
import { TRANSACTIONS, transactionProjection, type TransactionDocument } from './transaction-read-model';

const received = (transactionId: string, over: Record<string, unknown> = {}): GivenEvent => ({
  stream: `transaction-smaregi-c1-${transactionId}`,
  type: 'TransactionReceived.v1',
  data: {
    transactionId,
    provider: 'smaregi',
    contractId: 'c1',
    storeId: '1',
    terminalId: '2',
    receiptNo: `R${transactionId}`,
    kind: 'payment',
    occurredAt: '2026-12-01T02:13:04.000Z',
    receivedAt: '2026-12-01T02:13:09.000Z',
    total: 550,
    deposit: 1000,
    change: 450,
    currency: 'JPY',
    staff: { id: '7', name: '山田' },
    refersTo: null,
    actor: 'system:smaregi-poller',
    ...over,
  },
});

describe('the transactions projection', () => {
  let events: SqliteEventStore;
  let store: SqliteReadStore;
  const spec = () => projectionSpec(transactionProjection(), { events, store });

  beforeEach(() => {
    events = new SqliteEventStore({ path: ':memory:' });
    store = new SqliteReadStore(':memory:');
  });
  afterEach(async () => {
    await store.close();
    await events.close();
  });

  describe('a transaction not yet seen', () => {
    it('TransactionReceived makes one document under the transaction key, with the terminal key', () =>
      spec()
        .given()
        .when(received('25'))
        .then(async (docs) => {
          expect(await docs.get<TransactionDocument>(TRANSACTIONS, 'smaregi:c1:25')).toMatchObject({
            terminalKey: 'smaregi:c1:2',
            receiptNo: 'R25',
            total: 550,
            staff: { id: '7', name: '山田' },
          });
        }));
  });

  describe('other events', () => {
    it('change nothing', () =>
      spec()
        .given(received('25'))
        .when({ stream: 'link-smaregi-c1-2', type: 'LinkCreated.v1', data: { linkId: 'l1' } })
        .then(async (docs) => expect(await docs.all(TRANSACTIONS)).toHaveLength(1)));
  });
});
