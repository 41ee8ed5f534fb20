import { DashboardInputError } from './errors';
import { pictureTimeOf, timelineRangeOf, transactionQueryOf } from './params';

const problemsOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof DashboardInputError) return error.problems.map((p) => p.field);
    throw error;
  }
  throw new Error('no DashboardInputError');
};

describe('GET /api/transactions parameters', () => {
  describe('today', () => {
    it('is the Japan day: 14:59:59 UTC is still that day, 15:00:00 UTC the next', () => {
      const before = transactionQueryOf({}, 'o1', new Date('2026-12-01T14:59:59.999Z'));
      const after = transactionQueryOf({ date: 'today' }, 'o1', new Date('2026-12-01T15:00:00.000Z'));
      expect([before.day, after.day]).toEqual(['2026-12-01', '2026-12-02']);
    });
  });

  it('takes kinds comma-separated or repeated, once each, and trims the search', () => {
    const now = new Date('2026-12-01T03:00:00Z');
    const q = transactionQueryOf(
      { cameraId: 'cam-1', date: '2026-11-30', kind: ['cancel,modify', 'cancel'], q: '  山田 ', limit: '7' },
      'o1',
      now,
    );
    expect(q).toEqual({
      ownerId: 'o1',
      cameraId: 'cam-1',
      unlinked: undefined,
      day: '2026-11-30',
      kinds: ['cancel', 'modify'],
      q: '山田',
      cursor: undefined,
      limit: 7,
    });
    expect(transactionQueryOf({ q: '   ' }, 'o1', now).q).toBeUndefined();
    expect(transactionQueryOf({}, 'o1', now).limit).toBe(50);
  });

  it('names every parameter at fault', () => {
    const now = new Date();
    expect(problemsOf(() => transactionQueryOf({ date: '2026-02-30' }, 'o1', now))).toEqual(['date']);
    expect(problemsOf(() => transactionQueryOf({ kind: 'refund' }, 'o1', now))).toEqual(['kind']);
    expect(problemsOf(() => transactionQueryOf({ limit: '0' }, 'o1', now))).toEqual(['limit']);
    expect(problemsOf(() => transactionQueryOf({ limit: '201' }, 'o1', now))).toEqual(['limit']);
    expect(problemsOf(() => transactionQueryOf({ unlinked: 'yes' }, 'o1', now))).toEqual(['unlinked']);
    expect(problemsOf(() => transactionQueryOf({ cameraId: ['a', 'b'] }, 'o1', now))).toEqual(['cameraId']);
    expect(problemsOf(() => transactionQueryOf({ q: { $ne: 1 } }, 'o1', now))).toEqual(['q']);
    expect(problemsOf(() => transactionQueryOf({ page: '2', date: 'x' }, 'o1', now)).sort()).toEqual(['date', 'page']);
  });
});

describe('GET /api/cameras/:cameraId/picture and /timeline parameters', () => {
  it('reads at as an ISO time with its zone, absent for the latest', () => {
    expect(pictureTimeOf({ at: '2026-12-01T11:13:04+09:00' })).toBe(Date.parse('2026-12-01T02:13:04Z'));
    expect(pictureTimeOf({})).toBeUndefined();
    expect(problemsOf(() => pictureTimeOf({ at: '2026-12-01 11:13' }))).toEqual(['at']);
    expect(problemsOf(() => pictureTimeOf({ at: '2026-12-01T11:13:04' }))).toEqual(['at']);
  });

  it('defaults the timeline to the 24 hours up to now', () => {
    const now = new Date('2026-12-01T03:00:00Z');
    expect(timelineRangeOf({}, now)).toEqual({ from: now.getTime() - 86_400_000, to: now.getTime() });
    expect(timelineRangeOf({ to: '2026-12-01T00:00:00Z' }, now)).toEqual({
      from: Date.parse('2026-11-30T00:00:00Z'),
      to: Date.parse('2026-12-01T00:00:00Z'),
    });
    expect(problemsOf(() => timelineRangeOf({ from: 'yesterday' }, now))).toEqual(['from']);
  });
});
