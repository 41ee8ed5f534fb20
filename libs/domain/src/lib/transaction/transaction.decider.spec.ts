import { deciderSpec } from '../../testing/decider-spec';
import type { TransactionReceived } from './transaction';
import { transactionDecider, transactionStream, type RecordTransaction } from './transaction.decider';

const spec = deciderSpec(transactionDecider);
const metadata = { actor: 'system:smaregi-poller', at: '2026-11-28T02:13:09.000Z' };
const record = (over: Partial<RecordTransaction['data']> = {}): RecordTransaction => ({
  type: 'RecordTransaction',
  data: {
    transactionId: '25',
    provider: 'smaregi',
    contractId: 'sc1234',
    storeId: '1',
    terminalId: '3',
    receiptNo: '0000123',
    kind: 'payment',
    occurredAt: '2026-11-28T11:13:04+09:00',
    total: 550,
    deposit: 1000,
    change: 450,
    currency: 'JPY',
    staff: { id: '7', name: '山田' },
    refersTo: null,
    ...over,
  },
  metadata,
});
const received = (over: Partial<TransactionReceived['data']> = {}): TransactionReceived => ({
  type: 'TransactionReceived.v1',
  data: {
    ...record().data,
    occurredAt: '2026-11-28T02:13:04.000Z',
    receivedAt: metadata.at,
    actor: metadata.actor,
    ...over,
  },
});

describe('a transaction not yet recorded', () => {
  it('is recorded with the register time in UTC and the time it was received', () => {
    spec.given([]).when(record()).then([received()]);
  });

  it('keeps the transaction it cancels', () => {
    spec
      .given([])
      .when(record({ transactionId: '25#cancel', kind: 'cancel', refersTo: '25' }))
      .then([received({ transactionId: '25#cancel', kind: 'cancel', refersTo: '25' })]);
  });

  it.each([
    ['kind', { kind: 'refund' as never }, /kind must be one of payment, cancel, modify, delete/],
    ['occurredAt', { occurredAt: '2026-11-28 11:13:04' }, /ISO 8601/],
    ['total', { total: Number.NaN }, /total must be a number/],
    ['currency', { currency: 'yen' }, /ISO 4217/],
    ['transactionId', { transactionId: '' }, /transactionId/],
  ])('refuses a bad %s, naming it', (field, over, message) => {
    spec.given([]).when(record(over)).thenThrows('invalid_input', message, field);
  });
});

describe('a recorded transaction', () => {
  it('is not recorded twice', () => {
    spec.given([received()]).when(record()).then([]);
  });
});

describe('transactionStream', () => {
  it('is one stream per POS transaction of a contract', () => {
    expect(transactionStream({ provider: 'ubiregi', contractId: '42', transactionId: '9001' })).toBe(
      'transaction-ubiregi-42-9001',
    );
  });
});

describe('evolve', () => {
  it('leaves the state as it is for an event of an unknown type', () => {
    const state = transactionDecider.evolve(transactionDecider.initialState(), received());
    const unknown = { type: 'TransactionVoided.v9', data: {} } as unknown as TransactionReceived;
    expect(transactionDecider.evolve(state, unknown)).toBe(state);
  });
});
