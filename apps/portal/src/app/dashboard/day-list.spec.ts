import type { DashboardTransaction } from '@regicam/portal/data-access';
import { belongsTo, originalTimes, withPicture, withRow, type ListScope } from './day-list';

const row = (key: string, occurredAt: string, more: Partial<DashboardTransaction> = {}): DashboardTransaction => ({
  transactionKey: key,
  transactionId: key,
  provider: 'smaregi',
  contractId: 'demo',
  kind: 'payment',
  occurredAt,
  storeDay: '2019-02-21',
  total: 550,
  deposit: 1000,
  change: 450,
  currency: 'JPY',
  receiptNo: `R-${key}`,
  register: { terminalId: '1', name: '1号レジ' },
  staff: { id: '9', name: '山田' },
  linked: true,
  cameraId: 'cam-1',
  linkId: 'link-1',
  picture: { state: 'pending' },
  lifecycle: { status: 'active', original: null, changes: [] },
  ...more,
});

const SCOPE: ListScope = { cameraId: 'cam-1', unlinked: false, day: '2019-02-21', kind: null, q: '' };

describe('the day list, live', () => {
  it('takes a row of the camera and day, by kind and by the search on receipt, register and staff', () => {
    const r = row('a', '2019-02-21T02:13:04.000Z');
    expect(belongsTo(r, SCOPE)).toBe(true);
    expect(belongsTo(r, { ...SCOPE, cameraId: 'cam-2' })).toBe(false);
    expect(belongsTo({ ...r, storeDay: '2019-02-22' }, SCOPE)).toBe(false);
    expect(belongsTo(r, { ...SCOPE, kind: 'cancel' })).toBe(false);
    expect(belongsTo(r, { ...SCOPE, kind: 'payment' })).toBe(true);
    for (const q of ['r-A', '1号', ' 山田 ', '1']) expect(belongsTo(r, { ...SCOPE, q })).toBe(true);
    expect(belongsTo(r, { ...SCOPE, q: '佐藤' })).toBe(false);
    expect(belongsTo({ ...r, staff: null }, { ...SCOPE, q: '山田' })).toBe(false);
  });

  it('takes into the unlinked list only rows no camera covered', () => {
    const unlinked = { ...SCOPE, cameraId: null, unlinked: true };
    expect(belongsTo(row('a', 't', { linked: false, cameraId: null }), unlinked)).toBe(true);
    expect(belongsTo(row('b', 't'), unlinked)).toBe(false);
  });

  it('puts a new row where its time places it, replaces a listed one, and takes out one that left', () => {
    const rows = [row('c', '2019-02-21T03:00:00.000Z'), row('a', '2019-02-21T01:00:00.000Z')];
    const b = row('b', '2019-02-21T02:00:00.000Z');
    expect(withRow(rows, b, true).map((r) => r.transactionKey)).toEqual(['c', 'b', 'a']);
    expect(withRow(rows, row('d', '2019-02-21T04:00:00.000Z'), true)[0].transactionKey).toBe('d');
    expect(withRow(rows, row('z', '2019-02-21T00:00:00.000Z'), true).at(-1)?.transactionKey).toBe('z');
    const cancelled = row('a', '2019-02-21T01:00:00.000Z', {
      lifecycle: { status: 'cancelled', original: null, changes: [] },
    });
    const replaced = withRow(rows, cancelled, true);
    expect(replaced.map((r) => r.lifecycle.status)).toEqual(['active', 'cancelled']);
    expect(withRow(rows, cancelled, false).map((r) => r.transactionKey)).toEqual(['c']);
  });

  it('puts a picture on its row only', () => {
    const rows = [row('a', 't1'), row('b', 't2')];
    const picture = { state: 'ready', url: '/t/a', url2x: '/t/a/2x', width: 320, height: 180, frameAt: 't1' } as const;
    const next = withPicture(rows, 'a', picture);
    expect(next.map((r) => r.picture.state)).toEqual(['ready', 'pending']);
    expect(rows[0].picture.state).toBe('pending');
  });

  it('knows the time of a cancel’s original when the list holds it', () => {
    const original = row('a', '2019-02-21T01:13:04.000Z');
    const cancel = row('b', '2019-02-21T02:22:17.000Z', {
      kind: 'cancel',
      lifecycle: { status: 'active', original: { transactionKey: 'a', transactionId: 'a' }, changes: [] },
    });
    const orphan = row('c', '2019-02-21T02:30:00.000Z', {
      kind: 'cancel',
      lifecycle: { status: 'active', original: { transactionKey: 'x', transactionId: 'x' }, changes: [] },
    });
    expect([...originalTimes([orphan, cancel, original])]).toEqual([['b', '2019-02-21T01:13:04.000Z']]);
  });
});
