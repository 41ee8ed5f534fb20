import { ReadStoreError, UniqueIndexError } from '../lib/errors';
import type { IndexSpec, ReadDocument } from '../lib/read-store';
import type { ContractContext } from './context';

interface Tx extends ReadDocument {
  cameraId: string;
  occurredAt: string;
  receipt?: { store: string; no: string | null };
}

const INDEXES: IndexSpec[] = [
  {
    fields: [
      ['cameraId', 1],
      ['occurredAt', -1],
    ],
  },
  {
    fields: [
      ['receipt.store', 1],
      ['receipt.no', 1],
    ],
    unique: true,
    name: 'by_receipt',
  },
];

const tx = (id: string, version: number, no: string | null): Tx => ({
  id,
  version,
  cameraId: 'cam-1',
  occurredAt: '2024-05-01T10:00:00.000Z',
  receipt: { store: 's1', no },
});

export function indexesContract({ store, open, unique }: ContractContext): void {
  it('ensures indexes idempotently, on this store and on a reopened one', async () => {
    const name = unique('indexed');
    const first = await store().collection<Tx>(name, { indexes: INDEXES });
    await first.upsert(tx('t1', 1, '0001'));
    await store().collection<Tx>(name, { indexes: INDEXES });
    await store().collection<Tx>(name, { indexes: [INDEXES[0]] });
    const reopened = await (await open()).collection<Tx>(name, { indexes: INDEXES });
    expect(await reopened.get('t1')).toEqual(tx('t1', 1, '0001'));
    expect((await first.find({ cameraId: 'cam-1' }, { sort: [['occurredAt', -1]] })).items).toHaveLength(1);
  });

  it('refuses a duplicate in a unique index with an error naming the index, and keeps the first', async () => {
    const txs = await store().collection<Tx>(unique('unique'), { indexes: INDEXES });
    expect(await txs.upsert(tx('t1', 1, '0001'))).toBe('applied');
    const duplicate = txs.upsert(tx('t2', 1, '0001'));
    await expect(duplicate).rejects.toThrow(UniqueIndexError);
    await expect(txs.upsert(tx('t2', 1, '0001'))).rejects.toThrow(
      /document 't2' has the same values as another document in unique index 'by_receipt'/,
    );
    expect(await txs.get('t2')).toBeNull();
    expect(await txs.upsert(tx('t1', 2, '0001'))).toBe('applied');
    expect(await txs.upsert(tx('t1', 1, '0001'))).toBe('stale');
    expect(await txs.upsert(tx('t2', 1, '0002'))).toBe('applied');
    expect(await txs.count({})).toBe(2);
  });

  it('refuses a document without a value for a unique index, naming the field', async () => {
    const txs = await store().collection<Tx>(unique('unique'), { indexes: INDEXES });
    await expect(txs.upsert(tx('t1', 1, null))).rejects.toThrow(
      /document 't1': field 'receipt.no' of unique index 'by_receipt' must have a value/,
    );
    await expect(txs.upsert({ id: 't2', version: 1, cameraId: 'c', occurredAt: '' })).rejects.toThrow(
      /field 'receipt.store' of unique index 'by_receipt'/,
    );
  });

  it('refuses to redeclare an index differently, naming it', async () => {
    const name = unique('conflict');
    await store().collection<Tx>(name, { indexes: INDEXES });
    const redeclare = (indexes: IndexSpec[]) => store().collection<Tx>(name, { indexes });
    await expect(redeclare([{ fields: [['receipt.store', 1]], unique: true, name: 'by_receipt' }])).rejects.toThrow(
      /index 'by_receipt' already exists with other fields or uniqueness/,
    );
    await expect(redeclare([{ ...INDEXES[1], unique: false }])).rejects.toThrow(/'by_receipt' already exists/);
    await expect(
      redeclare([
        {
          fields: [
            ['cameraId', 1],
            ['occurredAt', -1],
          ],
          name: 'again',
        },
      ]),
    ).rejects.toThrow(/index 'again': these fields are already indexed as 'cameraId_1_occurredAt_-1'/);
  });

  it.each<[string, unknown, RegExp]>([
    ['no fields', [{ fields: [] }], /an index needs at least one field/],
    ['a bad direction', [{ fields: [['a', 0]] }], /direction of 'a' must be 1 or -1/],
    ['a bad path', [{ fields: [['a.$b', 1]] }], /invalid field path "a.\$b"/],
    ['only the id', [{ fields: [['id', 1]] }], /'id' is always indexed/],
    ['a bad name', [{ fields: [['a', 1]], name: 'a b' }], /invalid index name 'a b'/],
    [
      'a name twice',
      [
        { fields: [['a', 1]], name: 'x' },
        { fields: [['b', 1]], name: 'x' },
      ],
      /'x' is declared twice/,
    ],
  ])('refuses an index with %s', async (_, indexes, message) => {
    const attempt = store().collection(unique('bad'), { indexes: indexes as IndexSpec[] });
    await expect(attempt).rejects.toThrow(ReadStoreError);
    await expect(store().collection(unique('bad'), { indexes: indexes as IndexSpec[] })).rejects.toThrow(message);
  });
}
