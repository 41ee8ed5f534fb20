import { PartitionProgress } from './partition-progress';

/** Begins the jobs at these offsets and hands them over, as one batch whose handler returned. */
function batch(progress: PartitionProgress, offsets: number[]): void {
  offsets.forEach((o) => progress.begin(String(o)));
  progress.handedOver(String(offsets[offsets.length - 1] + 1));
}

describe('PartitionProgress', () => {
  it('commits nothing while the oldest job is unfinished, however many after it finished', () => {
    const progress = new PartitionProgress('10');
    batch(progress, [10, 11, 12, 13]);
    ['11', '12', '13'].forEach((o) => progress.finish(o));
    expect(progress.committable()).toBeNull();
    progress.finish('10');
    expect(progress.committable()).toBe('14');
  });

  it('commits the run of finished jobs up to the oldest unfinished one (a job waiting for a recording)', () => {
    const progress = new PartitionProgress('0');
    batch(progress, [0, 1, 2, 3, 4]);
    ['0', '1', '3', '4'].forEach((o) => progress.finish(o));
    expect(progress.committable()).toBe('2');
    progress.committed('2');
    expect(progress.committable()).toBeNull();
    expect(progress.unfinishedCount).toBe(1);
    progress.finish('2');
    expect(progress.committable()).toBe('5');
  });

  it('never commits past what the consumer counts as handed over, even when every job begun is finished', () => {
    const progress = new PartitionProgress('0');
    progress.begin('0');
    progress.begin('1');
    progress.finish('0');
    progress.finish('1');
    // The handler has not returned yet: committing 2 would be refused by the consumer.
    expect(progress.committable()).toBeNull();
    progress.handedOver('2');
    expect(progress.committable()).toBe('2');
  });

  it('passes a dead-lettered record once the consumer hands over the records after it', () => {
    const progress = new PartitionProgress('0');
    progress.begin('0');
    progress.finish('0');
    // Record 1 was unprocessable: the consumer dead-letters it and hands over 2.. in the next call.
    progress.handedOver('0');
    expect(progress.committable()).toBeNull();
    progress.handedOver('2');
    progress.begin('2');
    expect(progress.committable()).toBe('2');
    progress.finish('2');
    progress.handedOver('3');
    expect(progress.committable()).toBe('3');
  });

  it('knows the records it began, so a batch handed over again starts no job twice', () => {
    const progress = new PartitionProgress('5');
    batch(progress, [5, 6]);
    expect([progress.seen('5'), progress.seen('6'), progress.seen('7')]).toEqual([true, true, false]);
    expect(() => progress.begin('6')).toThrow('offset 6 was begun already');
  });

  it('skips offsets that are not there (gaps) and ignores finishing an unknown job', () => {
    const progress = new PartitionProgress('100');
    batch(progress, [100, 104, 109]);
    progress.finish('3');
    ['100', '104'].forEach((o) => progress.finish(o));
    expect(progress.committable()).toBe('109');
    progress.finish('109');
    expect(progress.committable()).toBe('110');
    progress.committed('110');
    progress.committed('104');
    expect(progress.committedOffset).toBe('110');
  });
});
