import { planFind, toPage } from './paging';

const rows = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `r${i}`, version: 1, at: i < 2 ? null : `t${i}` }));

describe('planFind', () => {
  it('ends the sort with id in the direction of the last key, and stops at an explicit id', () => {
    expect(planFind({}, { sort: [['at', -1]] }, 'test').sort).toEqual([
      ['at', -1],
      ['id', -1],
    ]);
    expect(planFind({}, {}, 'test').sort).toEqual([['id', 1]]);
    expect(
      planFind(
        {},
        {
          sort: [
            ['id', 1],
            ['at', 1],
          ],
        },
        'test',
      ).sort,
    ).toEqual([['id', 1]]);
  });

  it('asks for one row more than the page, to know whether another page follows', () => {
    const plan = planFind({}, { limit: 2 }, 'test');
    expect(plan.limit).toBe(2);
    expect(toPage(rows(2), plan, 'test')).toEqual({ items: rows(2), nextCursor: null });
    expect(toPage(rows(3), plan, 'test').items).toEqual(rows(2));
  });

  it('continues after the last row: past null values ascending, into null values descending', () => {
    const ascending = planFind({}, { sort: [['at', 1]], limit: 2 }, 'test');
    const cursor = toPage(rows(3), ascending, 'test').nextCursor;
    expect(planFind({}, { sort: [['at', 1]], cursor }, 'test').where).toEqual({
      kind: 'and',
      all: [
        { kind: 'and', all: [] },
        {
          kind: 'or',
          any: [
            { kind: 'and', all: [{ kind: 'compare', path: 'at', op: 'ne', value: null }] },
            {
              kind: 'and',
              all: [
                { kind: 'compare', path: 'at', op: 'eq', value: null },
                { kind: 'compare', path: 'id', op: 'gt', value: 'r1' },
              ],
            },
          ],
        },
      ],
    });
    const descending = planFind({}, { sort: [['at', -1]], limit: 2 }, 'test');
    const next = toPage(rows(5).reverse(), descending, 'test').nextCursor;
    const after = JSON.stringify(planFind({}, { sort: [['at', -1]], cursor: next }, 'test').where);
    expect(after).toContain('{"kind":"compare","path":"at","op":"lt","value":"t3"}');
    expect(after).toContain('{"kind":"compare","path":"at","op":"eq","value":null}');
    expect(after).toContain('{"kind":"compare","path":"id","op":"lt","value":"r3"}');
  });
});
