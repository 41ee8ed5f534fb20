import { toPosTransactions } from './transaction-head';

const legacyRow = {
  transactionHeadId: '25',
  transactionDateTime: '2024-05-01 10:00:02',
  terminalTranDateTime: '2024-05-01 10:00:00',
  transactionHeadDivision: '1',
  cancelDivision: '0',
  disposeDivision: '0',
  disposeServerTransactionHeadId: '',
  total: '1280',
  deposit: '2000',
  charge: '720',
  storeId: '1',
  terminalId: '2',
  terminalTranId: '0001025',
  staffId: '3',
  staffName: '鈴木',
  updDateTime: '2024-05-01 10:00:02',
  cancelDateTime: '',
};

describe('toPosTransactions', () => {
  it('maps a legacy sale (strings, charge) to a payment at the register time in Japan time', () => {
    const { transactions, rejected } = toPosTransactions([legacyRow], 'c1');
    expect(rejected).toEqual([]);
    expect(transactions).toEqual([
      {
        transactionId: '25',
        provider: 'smaregi',
        contractId: 'c1',
        storeId: '1',
        terminalId: '2',
        receiptNo: '0001025',
        kind: 'payment',
        occurredAt: '2024-05-01T10:00:00+09:00',
        total: 1280,
        deposit: 2000,
        change: 720,
        currency: 'JPY',
        staff: { id: '3', name: '鈴木' },
        refersTo: null,
      },
    ]);
  });

  it('maps a Platform row (ISO times, change) the same way', () => {
    const { charge, ...rest } = legacyRow;
    const platform = { ...rest, change: charge, terminalTranDateTime: '2024-05-01T10:00:00+09:00', total: 1280 };
    expect(toPosTransactions([platform], 'c1').transactions).toEqual(toPosTransactions([legacyRow], 'c1').transactions);
  });

  it('keeps the payment of a cancelled row and adds its cancel under <id>#cancel', () => {
    const row = { ...legacyRow, cancelDivision: '1', cancelDateTime: '2024-05-01 10:07:00' };
    const [payment, cancel] = toPosTransactions([row], 'c1').transactions;
    expect(payment).toMatchObject({ transactionId: '25', kind: 'payment' });
    expect(cancel).toMatchObject({
      transactionId: '25#cancel',
      kind: 'cancel',
      refersTo: '25',
      occurredAt: '2024-05-01T10:07:00+09:00',
    });
  });

  it('maps a reversing row and a return to modify, referring to the original', () => {
    const reversal = {
      ...legacyRow,
      transactionHeadId: '26',
      disposeDivision: '2',
      disposeServerTransactionHeadId: '25',
    };
    const ret = { ...legacyRow, transactionHeadId: '27', returnSales: '1', total: '-1280' };
    const [a, b] = toPosTransactions([reversal, ret], 'c1').transactions;
    expect(a).toMatchObject({ transactionId: '26', kind: 'modify', refersTo: '25' });
    expect(b).toMatchObject({ transactionId: '27', kind: 'modify', refersTo: null, total: -1280 });
  });

  it('skips rows that are not sales and rejects malformed ones with the reason', () => {
    const rows = [
      { ...legacyRow, transactionHeadDivision: '4' },
      { ...legacyRow, transactionHeadId: '' },
      { ...legacyRow, terminalTranDateTime: '2024/05/01' },
      { ...legacyRow, total: 'abc' },
      { ...legacyRow, terminalId: '' },
      'not a row',
    ];
    const { transactions, rejected, skipped } = toPosTransactions(rows, 'c1');
    expect(transactions).toEqual([]);
    expect(skipped).toBe(1);
    expect(rejected.map((r) => r.reason)).toEqual([
      'transactionHeadId is missing',
      'terminalTranDateTime "2024/05/01" is not a time',
      'total "abc" is not a number',
      'terminalId "" is not a usable id',
      'not an object',
    ]);
  });
});
