import type { NewEvent, StoredEvent } from '../lib/event-store';
import { type ContractContext, ids, newEvent } from './context';

export function readContract(c: ContractContext): void {
  it('reads all streams in the order of their appends; after is exclusive', async () => {
    const s = c.scope('order');
    const after = await s.marker();
    const streams = ['link-ubiregi-c1-t1', 'transaction-ubiregi-c1-r1', 'link-smaregi-c2-t9'].map(s.stream);
    const appended: NewEvent[] = [];
    for (let i = 0; i < 9; i++) {
      const event = newEvent(s.type('Step'), { i });
      appended.push(event);
      await c.store().append(streams[i % 3], [event], { expectedRevision: 'any' });
    }
    const filter = { streamPrefixes: [s.prefix] };
    const all = await c.store().readAll({ after, filter });
    expect(ids(all)).toEqual(ids(appended));
    expect(all.map((e) => e.streamName)).toEqual(appended.map((_, i) => streams[i % 3]));
    for (let i = 1; i < all.length; i++) {
      expect(c.store().comparePositions(all[i - 1].position, all[i].position)).toBeLessThan(0);
      expect(c.store().comparePositions(all[i].position, all[i - 1].position)).toBeGreaterThan(0);
    }
    expect(c.store().comparePositions(after, all[0].position)).toBeLessThan(0);
    expect(c.store().comparePositions(all[3].position, all[3].position)).toBe(0);

    // Exclusive: reading after an event starts with the one that follows it.
    expect(ids(await c.store().readAll({ after: all[4].position, filter }))).toEqual(ids(appended.slice(5)));
    expect(await c.store().readAll({ after: all[8].position, filter })).toEqual([]);

    // Pages of 4, each after the last event of the one before, give the same log.
    const paged: StoredEvent[] = [];
    for (let from = after; ;) {
      const page = await c.store().readAll({ after: from, maxCount: 4, filter });
      expect(page.length).toBeLessThanOrEqual(4);
      if (page.length === 0) break;
      paged.push(...page);
      from = page[page.length - 1].position;
    }
    expect(ids(paged)).toEqual(ids(appended));
  });

  it('filters by event type, matching whole types only', async () => {
    const s = c.scope('types');
    const after = await s.marker();
    const [one, ten, other] = [s.type('Alpha'), s.type('Alpha') + '0', s.type('Beta')];
    const events = [newEvent(one), newEvent(ten), newEvent(other), newEvent(one), newEvent(s.type('Gamma'))];
    for (const [i, event] of events.entries()) {
      await c.store().append(s.stream(`transaction-r${i}`), [event], { expectedRevision: 'no_stream' });
    }
    const byType = (eventTypes: string[]) => c.store().readAll({ after, filter: { eventTypes } });
    expect(ids(await byType([one]))).toEqual(ids([events[0], events[3]]));
    expect(ids(await byType([one, other]))).toEqual(ids([events[0], events[2], events[3]]));
    expect(ids(await c.store().readAll({ after, maxCount: 1, filter: { eventTypes: [ten] } }))).toEqual([events[1].id]);
  });

  it('filters by stream prefix', async () => {
    const s = c.scope('prefixes');
    const after = await s.marker();
    const streams = ['link-ubiregi-c1-t1', 'transaction-ubiregi-c1-r1', 'link-smaregi-c2-t1', 'linked-x'];
    const events = streams.map(() => newEvent(s.type('Any')));
    for (const [i, event] of events.entries()) {
      await c.store().append(s.stream(streams[i]), [event], { expectedRevision: 'no_stream' });
    }
    const byPrefix = (...prefixes: string[]) =>
      c.store().readAll({ after, filter: { streamPrefixes: prefixes.map(s.stream) } });
    expect(ids(await byPrefix('link-'))).toEqual(ids([events[0], events[2]]));
    expect(ids(await byPrefix('link-smaregi-', 'transaction-'))).toEqual(ids([events[1], events[2]]));
    expect(await byPrefix('receipt-')).toEqual([]);
  });

  it('never returns system events, and refuses a filter it cannot apply', async () => {
    await c.store().append(c.scope('system').stream('link-a'), [newEvent('Plain.v1')], { expectedRevision: 'any' });
    const head = await c.store().readAll({ maxCount: 500 });
    expect(head.length).toBeGreaterThan(0);
    for (const event of head) {
      expect(event.streamName.startsWith('$')).toBe(false);
      expect(event.type.startsWith('$')).toBe(false);
    }
    const both = { eventTypes: ['A.v1'], streamPrefixes: ['link-'] } as unknown as { eventTypes: string[] };
    await expect(c.store().readAll({ filter: both })).rejects.toThrow(/not both/);
    await expect(c.store().readAll({ filter: { eventTypes: [] } })).rejects.toThrow(/non-empty/);
    await expect(c.store().readAll({ after: 'not a position' })).rejects.toThrow(/position/);
  });
}
