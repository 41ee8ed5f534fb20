import { coveringSegment, type RecordedSegment } from '../lib/camera-source';
import { CameraSourceRequestError } from '../lib/errors';
import { type ContractContext, DAY, HOUR, MINUTE, at, failure, pastHour } from './context';

const covers = (segments: RecordedSegment[], t: Date) => coveringSegment(segments, t) !== undefined;

/** Segments in time order, none overlapping the next. */
function expectOrdered(segments: RecordedSegment[]): void {
  for (const [i, s] of segments.entries()) {
    expect(s.to.getTime()).toBeGreaterThan(s.from.getTime());
    if (i > 0) expect(s.from.getTime()).toBeGreaterThanOrEqual(segments[i - 1].to.getTime());
  }
}

export function recordingsContract(c: ContractContext): void {
  it('lists the recorded segments of a range of several days, around a gap', async () => {
    const world = c.harness().world;
    const [camera] = await world.addCameras(1);
    const start = pastHour(4 * DAY);
    const end = at(start, 3 * DAY);
    const gap = { from: at(start, DAY + 5 * HOUR), to: at(start, DAY + 6 * HOUR + 30 * MINUTE) };
    await world.addGap(camera, gap.from, gap.to);

    const segments = await c.source().recordings(camera, start, end);

    expectOrdered(segments);
    for (let t = start.getTime(); t < end.getTime(); t += 17 * MINUTE) {
      const inGap = t >= gap.from.getTime() && t < gap.to.getTime();
      expect([new Date(t).toISOString(), covers(segments, new Date(t))]).toEqual([new Date(t).toISOString(), !inGap]);
    }
    expect(segments.some((s) => s.from < gap.to && s.to > gap.from)).toBe(false);
    expect(segments.every((s) => s.to > start && s.from < end)).toBe(true);
  });

  it('lists the segments that cover a range shorter than a minute', async () => {
    const world = c.harness().world;
    const [camera] = await world.addCameras(1);
    const t = at(pastHour(5 * HOUR), 12 * MINUTE + 3_000);

    const segments = await c.source().recordings(camera, t, at(t, 5_000));

    expect(segments.length).toBeGreaterThan(0);
    expect(covers(segments, t)).toBe(true);
  });

  it('refuses a range that ends before it starts, or too recently to be answered, without asking', async () => {
    const h = c.harness();
    const [camera] = await h.world.addCameras(1);
    const before = h.world.requests();
    const t = pastHour(2 * HOUR);

    const backwards = await failure(h, c.source().recordings(camera, t, at(t, -MINUTE)));
    expect(backwards).toBeInstanceOf(CameraSourceRequestError);
    expect(backwards.reason).toBe('range');
    expect(backwards.message).toMatch(/end/);
    const empty = await failure(h, c.source().events(camera, t, t));
    expect(empty.reason).toBe('range');

    const recent = new Date(Date.now() - h.settleMs / 2);
    const tooRecent = await failure(h, c.source().recordings(camera, at(recent, -HOUR), recent));
    expect(tooRecent).toBeInstanceOf(CameraSourceRequestError);
    expect(tooRecent.reason).toBe('too-recent');
    expect(tooRecent.message).toMatch(/before now/);
    expect((await failure(h, c.source().events(camera, at(recent, -HOUR), recent))).reason).toBe('too-recent');
    const invalid = await failure(h, c.source().recordings(camera, new Date(Number.NaN), t));
    expect(invalid.reason).toBe('argument');

    expect(h.world.requests()).toBe(before);
  });

  it('tells when a camera went dark: disconnect and connect events, no recording, no image', async () => {
    const world = c.harness().world;
    const [camera] = await world.addCameras(1);
    const base = pastHour(6 * HOUR);
    const dark = { from: at(base, 20 * MINUTE + 15_000), to: at(base, 95 * MINUTE) };
    await world.addDarkPeriod(camera, dark.from, dark.to);
    await world.addMotion(camera, [at(base, 5 * MINUTE), at(base, 100 * MINUTE)]);

    const events = await c.source().events(camera, base, at(base, 3 * HOUR), ['connect', 'disconnect']);
    expect(events).toEqual([
      { type: 'disconnect', at: dark.from },
      { type: 'connect', at: dark.to },
    ]);
    const all = await c.source().events(camera, base, at(base, 3 * HOUR));
    expect(all.map((e) => e.type)).toEqual(['motion', 'disconnect', 'connect', 'motion']);

    const segments = await c.source().recordings(camera, base, at(base, 3 * HOUR));
    expect(segments.some((s) => s.from < dark.to && s.to > dark.from)).toBe(false);
    expect(covers(segments, at(dark.from, -1))).toBe(true);
    expect(covers(segments, dark.to)).toBe(true);
    expect(await failure(c.harness(), c.source().imageAt(camera, at(dark.from, MINUTE)))).toMatchObject({
      reason: 'image',
    });
  });

  it('lists many events over several pages and day windows, each once, in order', async () => {
    const world = c.harness().world;
    const [camera] = await world.addCameras(1);
    const start = pastHour(3 * DAY);
    const times = Array.from({ length: 260 }, (_, i) => at(start, i * 13 * MINUTE + 1_000));
    await world.addMotion(camera, times);

    const end = at(start, 2 * DAY + HOUR);

    const events = await c.source().events(camera, start, end, ['motion']);

    const inRange = times.filter((t) => t < end);
    expect(inRange.length).toBeGreaterThan(200);
    expect(events).toEqual(inRange.map((t) => ({ type: 'motion', at: t })));
  });
}
