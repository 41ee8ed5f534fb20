import { JobAbandoned } from './recorded-picture';
import { WorkSlots } from './work-slots';

/** A piece of work that runs until released. */
function gate() {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  return { release, work: () => done };
}

describe('WorkSlots', () => {
  it('runs at most its size at once, the others in arrival order', async () => {
    const slots = new WorkSlots(2);
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      slots.run(async () => {
        started.push(i);
        await g.work();
      }),
    );
    await Promise.resolve();
    expect([slots.running, slots.waiting, started]).toEqual([2, 2, [0, 1]]);
    gates[1].release();
    await runs[1];
    expect(started).toEqual([0, 1, 2]);
    gates.forEach((g) => g.release());
    await Promise.all(runs);
    expect([slots.running, slots.waiting, started]).toEqual([0, 0, [0, 1, 2, 3]]);
  });

  it('gives up a wait when its signal aborts, holding no slot', async () => {
    const slots = new WorkSlots(1);
    const busy = gate();
    const first = slots.run(busy.work);
    const stop = new AbortController();
    const waiting = slots.run(async () => 'never', stop.signal);
    stop.abort();
    await expect(waiting).rejects.toBeInstanceOf(JobAbandoned);
    await expect(slots.run(async () => 'at once', stop.signal)).rejects.toBeInstanceOf(JobAbandoned);
    expect(slots.waiting).toBe(0);
    busy.release();
    await first;
    expect(await slots.run(async () => 'next')).toBe('next');
  });

  it('frees its slot when the work fails', async () => {
    const slots = new WorkSlots(1);
    await expect(slots.run(async () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    expect(slots.running).toBe(0);
  });

  it('refuses a size that is not a whole number of 1 or more', () => {
    expect(() => new WorkSlots(0)).toThrow('work slots must be a whole number of 1 or more, was 0');
  });
});
