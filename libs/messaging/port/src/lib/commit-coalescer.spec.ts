import { CommitCoalescer } from './commit-coalescer';
import type { TopicPartitionOffset } from './message-log';

/** A coalescer on a hand-driven clock and timer. */
function setup(intervalMs = 200, commit?: (offsets: TopicPartitionOffset[]) => Promise<void> | void) {
  let now = 1_000;
  const timers: { at: number; fn: () => void; cancelled: boolean }[] = [];
  const commits: TopicPartitionOffset[][] = [];
  const errors: unknown[] = [];
  const coalescer = new CommitCoalescer({
    intervalMs,
    commit: commit ?? ((offsets) => void commits.push(offsets)),
    onError: (e) => errors.push(e),
    now: () => now,
    schedule: (fn, ms) => {
      const timer = { at: now + ms, fn, cancelled: false };
      timers.push(timer);
      return () => (timer.cancelled = true);
    },
  });
  const advance = (ms: number) => {
    now += ms;
    for (const t of timers.filter((x) => !x.cancelled && x.at <= now)) {
      t.cancelled = true;
      t.fn();
    }
  };
  const armed = () => timers.filter((t) => !t.cancelled).length;
  return { coalescer, commits, errors, advance, armed };
}

const a0 = { topic: 'a', partition: 0 };
const a1 = { topic: 'a', partition: 1 };

describe('CommitCoalescer', () => {
  it('commits the newest offset of each partition once the interval is over, in one commit', () => {
    const { coalescer, commits, advance } = setup();
    coalescer.processed(a0, '10');
    coalescer.processed(a0, '20');
    coalescer.processed(a1, '5');
    expect(commits).toEqual([]);
    advance(199);
    expect(commits).toEqual([]);
    advance(1);
    expect(commits).toEqual([
      [
        { ...a0, offset: '20' },
        { ...a1, offset: '5' },
      ],
    ]);
  });

  it('commits at once when the interval has passed since the last commit', () => {
    const { coalescer, commits, advance } = setup();
    advance(500);
    coalescer.processed(a0, '3');
    expect(commits).toEqual([[{ ...a0, offset: '3' }]]);
    coalescer.processed(a0, '4');
    expect(commits).toHaveLength(1);
  });

  it('with an interval of 0 commits every processed offset', () => {
    const { coalescer, commits } = setup(0);
    coalescer.processed(a0, '1');
    coalescer.processed(a0, '2');
    expect(commits).toEqual([[{ ...a0, offset: '1' }], [{ ...a0, offset: '2' }]]);
  });

  it('flush commits what waits at once, only the partitions asked for, and calls a synchronous commit before returning', async () => {
    const { coalescer, commits, armed } = setup();
    coalescer.processed(a0, '7');
    coalescer.processed(a1, '8');
    const flushing = coalescer.flush((tp) => tp.partition === 1);
    expect(commits).toEqual([[{ ...a1, offset: '8' }]]);
    await flushing;
    expect(coalescer.pending).toEqual([{ ...a0, offset: '7' }]);
    await coalescer.flush();
    expect(commits[1]).toEqual([{ ...a0, offset: '7' }]);
    expect(armed()).toBe(0);
  });

  it('drops the offsets of partitions given up', async () => {
    const { coalescer, commits } = setup();
    coalescer.processed(a0, '7');
    coalescer.processed(a1, '8');
    coalescer.drop((tp) => tp.partition === 0);
    await coalescer.flush();
    expect(commits).toEqual([[{ ...a1, offset: '8' }]]);
  });

  it('sends one commit at a time, in order', async () => {
    const started: string[] = [];
    const finish: (() => void)[] = [];
    const { coalescer } = setup(0, (offsets) => {
      started.push(offsets[0].offset);
      return new Promise<void>((resolve) => finish.push(resolve));
    });
    coalescer.processed(a0, '1');
    coalescer.processed(a0, '2');
    const last = coalescer.flush();
    expect(started).toEqual(['1']);
    finish[0]();
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual(['1', '2']);
    finish[1]();
    await last;
  });

  it('puts the offsets of a failed commit back, reports it, and commits them later', async () => {
    let fail = true;
    const committed: TopicPartitionOffset[][] = [];
    const { coalescer, errors, advance } = setup(200, (offsets) => {
      if (fail) throw new Error('coordinator moved');
      committed.push(offsets);
    });
    coalescer.processed(a0, '5');
    await expect(coalescer.flush()).rejects.toThrow('coordinator moved');
    expect(errors).toHaveLength(1);
    expect(coalescer.pending).toEqual([{ ...a0, offset: '5' }]);
    fail = false;
    advance(200);
    expect(committed).toEqual([[{ ...a0, offset: '5' }]]);
  });

  it('keeps a newer offset processed while a failing commit was in flight', async () => {
    let reject!: (e: Error) => void;
    const { coalescer } = setup(200, () => new Promise<void>((_, r) => (reject = r)));
    coalescer.processed(a0, '5');
    const first = coalescer.flush();
    coalescer.processed(a0, '9');
    reject(new Error('lost the coordinator'));
    await expect(first).rejects.toThrow('lost the coordinator');
    expect(coalescer.pending).toEqual([{ ...a0, offset: '9' }]);
  });

  it('after close the timer no longer commits', () => {
    const { coalescer, commits, advance } = setup();
    coalescer.processed(a0, '1');
    coalescer.close();
    advance(1_000);
    expect(commits).toEqual([]);
  });
});
