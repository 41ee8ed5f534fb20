import { escapeRegExp, parseFilter } from './filter';

describe('parseFilter', () => {
  it('reads values as equality and operator objects as comparisons, all of which must hold', () => {
    expect(parseFilter({ cameraId: 'c1', total: { $gte: 100, $lt: 200 } }, 'test')).toEqual({
      kind: 'and',
      all: [
        { kind: 'compare', path: 'cameraId', op: 'eq', value: 'c1' },
        { kind: 'compare', path: 'total', op: 'gte', value: 100 },
        { kind: 'compare', path: 'total', op: 'lt', value: 200 },
      ],
    });
  });

  it('keeps $or, $in and $contains, and drops undefined fields', () => {
    expect(
      parseFilter(
        { kind: undefined, $or: [{ 'staff.name': { $contains: 'sa' } }, { receiptNo: { $in: ['1', null] } }] },
        'test',
      ),
    ).toEqual({
      kind: 'or',
      any: [
        { kind: 'contains', path: 'staff.name', text: 'sa' },
        { kind: 'in', path: 'receiptNo', values: ['1', null] },
      ],
    });
    expect(parseFilter(undefined, 'test')).toEqual({ kind: 'and', all: [] });
  });

  it('names where a bad filter is', () => {
    expect(() => parseFilter({ a: { $where: 'x' } } as never, "collection 'tx', find")).toThrow(
      "collection 'tx', find, field 'a': unknown operator '$where'",
    );
  });
});

describe('escapeRegExp', () => {
  it('makes every metacharacter literal, for JS, PCRE and Go alike', () => {
    const text = 'a.*+?^${}()|[]\\b%_';
    expect(new RegExp(escapeRegExp(text), 'iu').test(`x${text}y`)).toBe(true);
    expect(new RegExp(escapeRegExp('a.c'), 'iu').test('abc')).toBe(false);
  });
});
