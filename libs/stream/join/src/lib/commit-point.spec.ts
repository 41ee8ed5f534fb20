import { CommitPoint } from './commit-point';

describe('CommitPoint', () => {
  it('commits nothing before a record was handled', () => {
    const point = new CommitPoint();
    point.hold('5');
    expect(point.next()).toBeUndefined();
  });

  it('stops at the oldest transaction whose job is not produced, and moves past the last one when all are', () => {
    const point = new CommitPoint();
    ['5', '6', '7'].forEach((o) => point.hold(o));
    point.handledBefore('9');
    expect(point.next()).toBe('5');
    point.release('6');
    expect(point.next()).toBe('5');
    point.release('5');
    expect(point.next()).toBe('7');
    point.committedAt('7');
    expect(point.next()).toBeUndefined();
    point.release('7');
    expect(point.next()).toBe('9');
  });

  it('never goes back: an older hold (a batch handed over again) does not lower it past a commit', () => {
    const point = new CommitPoint();
    point.handledBefore('10');
    point.committedAt('10');
    point.hold('4');
    point.handledBefore('8');
    expect(point.next()).toBeUndefined();
    point.release('4');
    point.handledBefore('12');
    expect(point.next()).toBe('12');
  });

  it('counts each holding: a repeat released at once does not release the original', () => {
    const point = new CommitPoint();
    point.hold('3');
    point.hold('3');
    point.handledBefore('4');
    point.release('3');
    expect(point.next()).toBe('3');
    expect(point.holding).toBe(1);
    point.release('3');
    expect(point.next()).toBe('4');
    point.release('3');
    expect(point.next()).toBe('4');
  });
});
