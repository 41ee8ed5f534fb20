import type { AppendResult, StoredEvent } from '../lib/event-store';
import { type ContractContext, collect, newEvent, until } from './context';

const STREAMS = 10_000;
/** Appends in flight at once: a server answers them concurrently; SQLite runs them one after the other. */
const IN_FLIGHT = 50;

export function scaleContract(c: ContractContext): void {
  it('appends one event to each of 10 000 streams, reads and replays them in log order', async () => {
    const s = c.scope('scale');
    const after = await s.marker();
    const store = c.store();
    const name = (i: number) => s.stream(`transaction-ubiregi-c1-${String(i).padStart(5, '0')}`);
    const events = Array.from({ length: STREAMS }, (_, i) => newEvent(s.type('TransactionReceived'), { i }));
    const results: AppendResult[] = new Array(STREAMS);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < STREAMS; i = next++) {
        results[i] = await store.append(name(i), [events[i]], { expectedRevision: 'no_stream' });
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, worker));

    // The log order is the order of the positions the appends returned.
    const expected = results
      .map((result, i) => ({ position: result.position, id: events[i].id, stream: name(i) }))
      .sort((a, b) => store.comparePositions(a.position, b.position));
    const read: StoredEvent[] = [];
    for (let from = after; ;) {
      const page = await store.readAll({ after: from, maxCount: 1000, filter: { streamPrefixes: [s.prefix] } });
      if (page.length === 0) break;
      read.push(...page);
      from = page[page.length - 1].position;
    }
    expect(read).toHaveLength(STREAMS);
    expect(read.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    expect(read.map((e) => e.position)).toEqual(expected.map((e) => e.position));
    expect(read.map((e) => e.streamName)).toEqual(expected.map((e) => e.stream));

    // A subscription catches up over all of them, page after page, in the same order.
    const replay = collect(store, { after, filter: { streamPrefixes: [s.prefix] } });
    await until(() => replay.events.length >= STREAMS, 'the replay of 10 000 events', 120_000);
    await replay.subscription.stop();
    expect(replay.events.map((e) => e.id)).toEqual(expected.map((e) => e.id));

    for (const i of [0, 4321, STREAMS - 1]) {
      const stream = await store.readStream(name(i));
      expect(stream).toHaveLength(1);
      expect(stream[0]).toMatchObject({ id: events[i].id, revision: 0, data: { i }, position: results[i].position });
    }
  });
}
