import { ReadStoreError } from '../lib/errors';
import type { Collection, FieldOrder, Filter, ReadDocument } from '../lib/read-store';
import { valueAt } from '../lib/validation';
import type { ContractContext } from './context';

interface Row extends ReadDocument {
  seq: number;
  group: string;
  amount: number;
  flag: boolean;
  at: string;
  nested: { rank?: number | null };
}

const N = 250;
const PAGE = 7;
const START = Date.UTC(2024, 0, 1);

/** Many ties in every field; ids in another order than seq; rank null or missing now and then. */
const rowOf = (seq: number): Row => ({
  id: `r${String((seq * 73) % N).padStart(3, '0')}`,
  version: 1,
  seq,
  group: `g${seq % 7}`,
  amount: seq % 13,
  flag: seq % 3 === 0,
  at: new Date(START + (seq % 50) * 60_000).toISOString(),
  nested: seq % 15 === 0 ? {} : { rank: seq % 10 === 0 ? null : seq % 4 },
});

/** MongoDB's order for fields of one type: null and missing first, then by value. */
const compare = (a: unknown, b: unknown): number => {
  const isNull = (v: unknown) => v === undefined || v === null;
  if (isNull(a) || isNull(b)) return Number(!isNull(a)) - Number(!isNull(b));
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
};

function expectedOrder(rows: Row[], sort: readonly FieldOrder[]): string[] {
  const keys = sort.some(([path]) => path === 'id') ? sort : [...sort, ['id', sort.at(-1)?.[1] ?? 1] as const];
  const ordered = [...rows].sort((x, y) => {
    for (const [path, dir] of keys) {
      const c = compare(valueAt(x, path), valueAt(y, path));
      if (c !== 0) return c * dir;
    }
    return 0;
  });
  return ordered.map((row) => row.id);
}

async function readAll(collection: Collection<Row>, filter: Filter, sort: readonly FieldOrder[], limit = PAGE) {
  const pages: Row[][] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Row[]; nextCursor: string | null } = await collection.find(filter, { sort, limit, cursor });
    pages.push(page.items);
    cursor = page.nextCursor;
  } while (cursor !== null && pages.length <= N);
  return pages;
}

export function pagingContract({ store, unique }: ContractContext): void {
  const rows = Array.from({ length: N }, (_, seq) => rowOf(seq));
  let collection: Collection<Row>;

  beforeAll(async () => {
    collection = await store().collection<Row>(unique('paging'), {
      indexes: [
        { fields: [['amount', 1]] },
        {
          fields: [
            ['group', 1],
            ['at', -1],
          ],
        },
      ],
    });
    for (let i = 0; i < N; i++) await collection.upsert(rows[(i * 31) % N]);
  }, 60_000);

  it.each<[string, FieldOrder[]]>([
    ['id (no sort given)', []],
    ['a number ascending', [['amount', 1]]],
    ['a number descending', [['amount', -1]]],
    [
      'a string, then a date descending',
      [
        ['group', 1],
        ['at', -1],
      ],
    ],
    [
      'a nested field with nulls and missing values, ascending',
      [
        ['nested.rank', 1],
        ['seq', -1],
      ],
    ],
    ['a nested field with nulls and missing values, descending', [['nested.rank', -1]]],
    [
      'a boolean, a number and a string',
      [
        ['flag', -1],
        ['amount', 1],
        ['group', -1],
      ],
    ],
    [
      'a date, then id descending',
      [
        ['at', 1],
        ['id', -1],
      ],
    ],
    ['id descending', [['id', -1]]],
  ])('pages through %s: every document once, in order', async (_, sort) => {
    const pages = await readAll(collection, {}, sort);
    expect(pages.map((page) => page.length)).toEqual([...Array(Math.floor(N / PAGE)).fill(PAGE), N % PAGE]);
    const ids = pages.flat().map((row) => row.id);
    expect(ids).toEqual(expectedOrder(rows, sort));
    expect(new Set(ids).size).toBe(N);
  });

  it('pages through a filtered set', async () => {
    const filter: Filter = { flag: true, amount: { $gte: 3 } };
    const ids = (await readAll(collection, filter, [['at', -1]])).flat().map((row) => row.id);
    const matching = rows.filter((row) => row.flag && row.amount >= 3);
    expect(ids).toEqual(expectedOrder(matching, [['at', -1]]));
    expect(await collection.count(filter)).toBe(matching.length);
  });

  it('ends with a null cursor when the last page is full', async () => {
    const pages = await readAll(collection, { seq: { $lt: 14 } }, [['seq', 1]]);
    expect(pages.map((page) => page.map((row) => row.seq))).toEqual([
      [0, 1, 2, 3, 4, 5, 6],
      [7, 8, 9, 10, 11, 12, 13],
    ]);
  });

  it('returns 100 documents when no limit is given, and an empty last page when nothing matches', async () => {
    const first = await collection.find();
    expect(first.items).toHaveLength(100);
    expect(first.nextCursor).not.toBeNull();
    expect(await collection.find({ group: 'none' })).toEqual({ items: [], nextCursor: null });
    expect((await collection.find({}, { limit: 1000 })).items).toHaveLength(N);
  });

  it('is stable under inserts, updates and deletes between pages', async () => {
    const live = await store().collection<Row>(unique('live'));
    const base = Array.from({ length: 30 }, (_, seq) => ({ ...rowOf(seq), id: `l${seq}`, amount: seq }));
    for (const row of base) await live.upsert(row);
    const sort: FieldOrder[] = [['amount', 1]];
    const first = await live.find({}, { sort, limit: PAGE });
    await live.upsert({ ...rowOf(100), id: 'before', amount: 2.5 });
    await live.upsert({ ...rowOf(101), id: 'after', amount: 10.5 });
    await live.upsert({ ...base[9], version: 2, group: 'updated' });
    await live.delete('l20');
    const rest: Row[] = [];
    let cursor = first.nextCursor;
    while (cursor !== null) {
      const page = await live.find({}, { sort, limit: PAGE, cursor });
      rest.push(...page.items);
      cursor = page.nextCursor;
    }
    const seen = [...first.items, ...rest].map((row) => row.id);
    const expected = base.map((row) => row.id).filter((id) => id !== 'l20');
    expected.splice(expected.indexOf('l11'), 0, 'after');
    expect(seen).toEqual(expected);
    expect(rest.find((row) => row.id === 'l9')?.group).toBe('updated');
  });

  it('refuses a cursor made for another sort, or not made by the store', async () => {
    const { nextCursor } = await collection.find({}, { sort: [['amount', 1]], limit: PAGE });
    await expect(collection.find({}, { sort: [['amount', -1]], cursor: nextCursor })).rejects.toThrow(
      /cursor was made for another sort/,
    );
    await expect(collection.find({}, { cursor: 'not-a-cursor' })).rejects.toThrow(/not one this store returned/);
  });

  it.each<[string, unknown, RegExp]>([
    ['a limit of 0', { limit: 0 }, /limit must be an integer from 1 to 1000, got 0/],
    ['a limit over 1000', { limit: 1001 }, /limit must be an integer from 1 to 1000/],
    ['a fractional limit', { limit: 1.5 }, /limit must be an integer/],
    ['a direction other than 1 or -1', { sort: [['amount', 2]] }, /direction of 'amount' must be 1 or -1/],
    [
      'a field sorted twice',
      {
        sort: [
          ['amount', 1],
          ['amount', -1],
        ],
      },
      /'amount' is listed twice/,
    ],
    ['a sort that is not a list', { sort: { amount: 1 } }, /expected an array of \[path, 1 \| -1\]/],
  ])('refuses %s', async (_, options, message) => {
    await expect(collection.find({}, options as never)).rejects.toThrow(ReadStoreError);
    await expect(collection.find({}, options as never)).rejects.toThrow(message);
  });
}
