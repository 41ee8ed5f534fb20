import { ReadStoreError } from '../lib/errors';
import type { Collection, Filter, ReadDocument } from '../lib/read-store';
import type { ContractContext } from './context';

interface Item extends ReadDocument {
  name?: string;
  n?: number | string | null;
  flag?: boolean;
  tag?: string | null;
  at?: string;
  nested?: { k: string };
}

/** Every scalar type, null and missing fields side by side; comments give MongoDB's reading. */
const ITEMS: Item[] = [
  {
    id: 'a',
    version: 1,
    name: 'Alpha',
    n: 1,
    flag: true,
    tag: 'x',
    at: '2024-01-01T00:00:00.000Z',
    nested: { k: 'p' },
  },
  { id: 'b', version: 2, name: 'beta.*+?%_\\', n: 2.5, flag: false, tag: null, at: '2024-01-31T23:59:59.999Z' },
  { id: 'c', version: 3, name: 'GAMMA', n: 10, at: '2024-02-01T00:00:00.000Z', nested: { k: 'q' } },
  { id: 'd', version: 1, name: 'delta 100%', n: -3, flag: true, tag: 'y' },
  { id: 'e', version: 1, name: '_under_score', n: null },
  { id: 'f', version: 1, name: 'Café ÉLAN', n: '2' },
  { id: 'g', version: 1, flag: false },
];

export function filtersContract({ store, unique }: ContractContext): void {
  let items: Collection<Item>;

  beforeAll(async () => {
    items = await store().collection<Item>(unique('items'));
    for (const item of ITEMS) await items.upsert(item);
  });

  const ids = async (filter: Filter) => {
    const page = await items.find(filter, { limit: 1000 });
    expect(await items.count(filter)).toBe(page.items.length);
    return page.items.map((item) => item.id);
  };

  it.each<[string, Filter, string[]]>([
    ['nothing: every document', {}, ['a', 'b', 'c', 'd', 'e', 'f', 'g']],
    ['a string, case-sensitive', { name: 'GAMMA' }, ['c']],
    ['a string in another case', { name: 'gamma' }, []],
    ['a number, never a string or a boolean', { n: 1 }, ['a']],
    ['a fraction', { n: 2.5 }, ['b']],
    ['a numeric string, never a number', { n: '2' }, ['f']],
    ['a boolean', { flag: true }, ['a', 'd']],
    ['a number where booleans are stored', { flag: 1 }, []],
    ['null: null and missing', { tag: null }, ['b', 'c', 'e', 'f', 'g']],
    ['$eq', { flag: { $eq: false } }, ['b', 'g']],
    ['$ne: also null and missing', { tag: { $ne: 'x' } }, ['b', 'c', 'd', 'e', 'f', 'g']],
    ['$ne null: present and not null', { tag: { $ne: null } }, ['a', 'd']],
    ['$ne a number', { n: { $ne: 1 } }, ['b', 'c', 'd', 'e', 'f', 'g']],
    ['$ne a boolean', { flag: { $ne: true } }, ['b', 'c', 'e', 'f', 'g']],
    ['$in', { tag: { $in: ['x', 'y', 'z'] } }, ['a', 'd']],
    ['$in with null', { tag: { $in: ['x', null] } }, ['a', 'b', 'c', 'e', 'f', 'g']],
    ['$in mixed types', { n: { $in: [1, '2'] } }, ['a', 'f']],
    ['$in empty', { n: { $in: [] } }, []],
    ['$gt a number: numbers only', { n: { $gt: 1 } }, ['b', 'c']],
    ['$gte', { n: { $gte: 1 } }, ['a', 'b', 'c']],
    ['$lt', { n: { $lt: 1 } }, ['d']],
    ['$gt and $lte together', { n: { $gt: -3, $lte: 2.5 } }, ['a', 'b']],
    ['$gt a string: strings only, byte order', { name: { $gt: 'Z' } }, ['b', 'd', 'e']],
    ['$gte / $lt on strings', { name: { $gte: 'A', $lt: 'a' } }, ['a', 'c', 'e', 'f']],
    ['$gt a boolean', { flag: { $gt: false } }, ['a', 'd']],
    ['an ISO date range', { at: { $gte: '2024-01-01T00:00:00.000Z', $lt: '2024-02-01T00:00:00.000Z' } }, ['a', 'b']],
    ['$contains, case-insensitive', { name: { $contains: 'alPH' } }, ['a']],
    ['$contains with regex and LIKE metacharacters', { name: { $contains: '.*+?%_' } }, ['b']],
    ['$contains %', { name: { $contains: '%' } }, ['b', 'd']],
    ['$contains _', { name: { $contains: '_' } }, ['b', 'e']],
    ['$contains a backslash', { name: { $contains: '\\' } }, ['b']],
    ['$contains . matches only a dot', { name: { $contains: 'a.' } }, ['b']],
    ['$contains, Unicode case folding', { name: { $contains: 'élan' } }, ['f']],
    ['$contains empty text: every string', { name: { $contains: '' } }, ['a', 'b', 'c', 'd', 'e', 'f']],
    ['$contains only strings, not numbers', { n: { $contains: '2' } }, ['f']],
    ['a nested path', { 'nested.k': 'q' }, ['c']],
    ['a nested path with $in', { 'nested.k': { $in: ['p', 'q'] } }, ['a', 'c']],
    ['a missing nested path is null', { 'nested.none': null }, ['a', 'b', 'c', 'd', 'e', 'f', 'g']],
    ['ids', { id: { $in: ['a', 'c', 'zz'] } }, ['a', 'c']],
    ['an id range', { id: { $gt: 'e' } }, ['f', 'g']],
    ['versions', { version: { $gte: 2 } }, ['b', 'c']],
    ['fields together', { flag: true, n: { $lt: 0 } }, ['d']],
    ['$or', { $or: [{ n: { $gt: 5 } }, { name: { $contains: 'alp' } }] }, ['a', 'c']],
    ['$and', { $and: [{ flag: { $ne: false } }, { tag: { $ne: null } }] }, ['a', 'd']],
    ['$or beside a field', { flag: true, $or: [{ tag: 'x' }, { n: 10 }] }, ['a']],
    ['undefined fields are ignored', { tag: undefined, flag: true }, ['a', 'd']],
  ])('filters on %s', async (_, filter, expected) => {
    expect(await ids(filter)).toEqual(expected);
  });

  it.each<[string, unknown, RegExp]>([
    ['an unknown operator', { n: { $regex: 'x' } }, /field 'n': unknown operator '\$regex'/],
    ['an unknown top-level operator', { $nor: [{ n: 1 }] }, /unknown operator '\$nor'/],
    ['an object without operators', { nested: { k: 'p' } }, /'k' is not an operator.*'nested.k'/],
    ['an empty operator object', { n: {} }, /field 'n': no operator given/],
    ['an array value', { n: [1, 2] }, /field 'n': an array is not a value; use \$in/],
    ['$in without an array', { n: { $in: 1 } }, /\$in needs an array/],
    ['a range on null', { n: { $gt: null } }, /\$gt needs a string, number or boolean, not null/],
    ['$contains on a number', { name: { $contains: 5 } }, /\$contains needs a string/],
    ['an empty $or', { $or: [] }, /\$or needs a non-empty array/],
    ['a bad path', { 'a..b': 1 }, /invalid field path "a..b"/],
    ['the _id path', { _id: 'a' }, /invalid field path "_id"/],
    ['a non-string id', { id: 5 }, /field 'id': 'id' holds strings, got number/],
    ['a date object', { at: new Date() }, /field 'at': compare with a string/],
  ])('refuses %s', async (_, filter, message) => {
    await expect(items.find(filter as Filter)).rejects.toThrow(ReadStoreError);
    await expect(items.find(filter as Filter)).rejects.toThrow(message);
    await expect(items.count(filter as Filter)).rejects.toThrow(message);
  });
}
