import { checkCount, checkFilter, matchesFilter } from './read-input';

describe('checkFilter', () => {
  it('reads a filter as all events, event types or stream prefixes', () => {
    expect(checkFilter(undefined)).toEqual({ kind: 'all' });
    expect(checkFilter({})).toEqual({ kind: 'all' });
    expect(checkFilter({ eventTypes: ['A.v1', 'A.v1', 'B.v1'] })).toEqual({
      kind: 'eventTypes',
      eventTypes: ['A.v1', 'B.v1'],
    });
    expect(checkFilter({ streamPrefixes: ['link-'] })).toEqual({ kind: 'streamPrefixes', streamPrefixes: ['link-'] });
  });

  it('refuses both kinds at once and empty lists', () => {
    expect(() => checkFilter({ eventTypes: ['A.v1'], streamPrefixes: ['link-'] } as never)).toThrow(/not both/);
    expect(() => checkFilter({ eventTypes: [] })).toThrow(/non-empty/);
    expect(() => checkFilter({ streamPrefixes: [''] })).toThrow(/non-empty/);
  });
});

describe('matchesFilter', () => {
  it('matches event types whole and streams by prefix', () => {
    const types = checkFilter({ eventTypes: ['LinkCreated.v1'] });
    expect(matchesFilter(types, 'link-a', 'LinkCreated.v1')).toBe(true);
    expect(matchesFilter(types, 'link-a', 'LinkCreated.v10')).toBe(false);
    const prefixes = checkFilter({ streamPrefixes: ['link-', 'transaction-'] });
    expect(matchesFilter(prefixes, 'transaction-ubiregi-c1-r1', 'X.v1')).toBe(true);
    expect(matchesFilter(prefixes, 'linked', 'X.v1')).toBe(false);
  });

  it('never lets a system event through', () => {
    expect(matchesFilter({ kind: 'all' }, '$stats', 'X.v1')).toBe(false);
    expect(matchesFilter({ kind: 'all' }, 'link-a', '$metadata')).toBe(false);
    expect(matchesFilter(checkFilter({ streamPrefixes: ['$'] }), '$ce-link', 'X.v1')).toBe(false);
  });
});

describe('checkCount', () => {
  it('takes whole numbers from the minimum on', () => {
    expect(checkCount(undefined, 'maxCount', 0)).toBeUndefined();
    expect(checkCount(0, 'maxCount', 0)).toBe(0);
    expect(() => checkCount(-1, 'maxCount', 0)).toThrow(/maxCount/);
    expect(() => checkCount(2.5, 'fromRevision', 0)).toThrow(/fromRevision/);
  });
});
