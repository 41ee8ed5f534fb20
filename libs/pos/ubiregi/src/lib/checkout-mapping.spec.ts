import { decideTransaction, initialTransactionState } from '@regicam/domain';
import { mapCheckout, type UbiregiAccount } from './checkout-mapping';

const ACCOUNT: UbiregiAccount = {
  id: '31',
  name: 'Ubiregi Cafe',
  timezone: 'Asia/Tokyo',
  dateOffset: 6,
  currency: 'JPY',
  cashiers: [{ id: '385', name: '松本' }],
  childIds: [],
};

const checkout = (fields: Record<string, unknown> = {}) => ({
  id: 1,
  guid: '8928309238-d987aerkeh-9847tdfkzhg4',
  account_id: 31,
  paid_at: '2011-12-24T16:20:20Z',
  price: '385.0',
  change: '615.0',
  status: 'close',
  cashier_id: 385,
  payments: [{ payment_type_id: 101, amount: '1000' }],
  items: [],
  updated_at: '2011-12-24T16:20:21Z',
  ...fields,
});

const map = (fields: Record<string, unknown> = {}) => mapCheckout(checkout(fields), ACCOUNT, { by: 'account' });
const transactions = (fields: Record<string, unknown> = {}) => {
  const mapped = map(fields);
  if (!mapped.ok) throw new Error(mapped.rejected.reason);
  return mapped.transactions;
};

describe('mapCheckout', () => {
  it('close: one payment at paid_at, deposit the sum of the payments, staff from the cashier', () => {
    expect(transactions()).toEqual([
      {
        transactionId: '1',
        provider: 'ubiregi',
        contractId: '31',
        storeId: '31',
        terminalId: '31',
        receiptNo: '1',
        kind: 'payment',
        occurredAt: '2011-12-24T16:20:20Z',
        total: 385,
        deposit: 1000,
        change: 615,
        currency: 'JPY',
        staff: { id: '385', name: '松本' },
        refersTo: null,
      },
    ]);
  });

  it('cancel: the payment stays and a cancel at updated_at refers to it', () => {
    const [payment, cancel] = transactions({ status: 'cancel', updated_at: '2011-12-24T17:00:00Z' });

    expect(payment).toMatchObject({ transactionId: '1', kind: 'payment', occurredAt: '2011-12-24T16:20:20Z' });
    expect(cancel).toMatchObject({
      transactionId: '1#cancel',
      kind: 'cancel',
      refersTo: '1',
      occurredAt: '2011-12-24T17:00:00Z',
    });
  });

  it('deleted: a delete at updated_at; open: nothing yet', () => {
    expect(transactions({ status: 'deleted', payments: [], cashier_id: null })).toMatchObject([
      { kind: 'delete', occurredAt: '2011-12-24T16:20:21Z', deposit: 0, staff: null },
    ]);
    expect(transactions({ status: 'open', paid_at: null })).toEqual([]);
  });

  it('what it makes is accepted by the transaction decider', () => {
    const all = [...transactions(), ...transactions({ status: 'cancel' }), ...transactions({ status: 'deleted' })];
    for (const data of all) {
      const events = decideTransaction(
        { type: 'RecordTransaction', data, metadata: { at: '2024-01-01T00:00:00Z', actor: 'system:ubiregi-poller' } },
        initialTransactionState(),
      );
      expect(events[0].data.occurredAt).toMatch(/Z$/);
    }
  });

  it.each([
    [{ price: 385 }, 'price: must be a decimal string such as "385.0"'],
    [{ paid_at: '2011-12-24 16:20' }, 'paid_at: must be an ISO 8601 time with its zone'],
    [{ paid_at: null }, 'paid_at: a close checkout must have been paid'],
    [{ account_id: 32 }, 'account_id: 32 is not the connected account 31'],
    [{ payments: [{ payment_type_id: 1 }] }, 'payments.0.amount: must be a decimal string such as "385.0"'],
  ])('rejects %j: %s', (fields, reason) => {
    expect(map(fields)).toEqual({ ok: false, rejected: { raw: checkout(fields), reason } });
  });
});
