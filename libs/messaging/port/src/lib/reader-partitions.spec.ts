import { ReaderPartitions } from './reader-partitions';

describe('ReaderPartitions', () => {
  it('keeps a position per partition and lists them in order', () => {
    const partitions = new ReaderPartitions();
    partitions.assign(2, 5n);
    partitions.assign(0, 0n);
    expect(partitions.assigned()).toEqual([0, 2]);
    expect(partitions.position(2)).toBe('5');
    expect(partitions.position(1)).toBeUndefined();
  });

  it('assigning again makes the earlier entry stale', () => {
    const partitions = new ReaderPartitions();
    const first = partitions.assign(0, 0n);
    const second = partitions.assign(0, 9n);
    expect(partitions.current(0, first)).toBe(false);
    expect(partitions.current(0, second)).toBe(true);
  });

  it('unassign wakes the batch in hand of that partition and waits for it to end', async () => {
    const partitions = new ReaderPartitions();
    partitions.assign(0, 0n);
    const steps: string[] = [];
    const running = partitions.run(0, async (abandoned) => {
      await new Promise<void>((resolve) => abandoned.addEventListener('abort', () => resolve()));
      steps.push('batch ended');
      return 'gave up';
    });
    expect(await partitions.unassign(0)).toBe(true);
    steps.push('unassigned');
    expect(steps).toEqual(['batch ended', 'unassigned']);
    expect(await running).toBe('gave up');
    expect(await partitions.unassign(0)).toBe(false);
  });

  it('unassigning another partition does not touch the batch in hand', async () => {
    const partitions = new ReaderPartitions();
    partitions.assign(0, 0n);
    partitions.assign(1, 0n);
    let woken = false;
    let finish!: () => void;
    const running = partitions.run(0, async (abandoned) => {
      abandoned.addEventListener('abort', () => (woken = true));
      await new Promise<void>((resolve) => (finish = resolve));
    });
    await partitions.unassign(1);
    expect(woken).toBe(false);
    finish();
    await running;
    await partitions.idle();
  });
});
