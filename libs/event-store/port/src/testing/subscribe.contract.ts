import type { EventStore, NewEvent } from '../lib/event-store';
import { type ContractContext, type Scope, collect, delay, ids, newEvent, until } from './context';

/** Appends one event at a time, each to one of four streams, in the order given. */
async function appendAll(store: EventStore, s: Scope, events: NewEvent[]): Promise<void> {
  for (const [i, event] of events.entries()) {
    await store.append(s.stream(`transaction-t${i % 4}`), [event], { expectedRevision: 'any' });
  }
}

const many = (s: Scope, count: number, from = 0) =>
  Array.from({ length: count }, (_, i) => newEvent(s.type('TransactionReceived'), { n: from + i }));

export function subscribeContract(c: ContractContext): void {
  it('catches up from a saved position, then delivers live appends, with no gap and no duplicate', async () => {
    const s = c.scope('follow');
    const before = many(s, 100);
    const after = await s.marker();
    await appendAll(c.store(), s, before);
    const saved = (await c.store().readAll({ after, maxCount: 30, filter: { streamPrefixes: [s.prefix] } }))[29];
    expect(saved.id).toBe(before[29].id);

    // A slow handler keeps the subscription catching up while more is appended.
    const sub = collect(c.store(), { after: saved.position, filter: { streamPrefixes: [s.prefix] } }, () => delay(2));
    const during = many(s, 100, 100);
    let appendedWhileCatchingUp = 0;
    for (const [i, event] of during.entries()) {
      await c.store().append(s.stream(`transaction-t${i % 4}`), [event], { expectedRevision: 'any' });
      if (sub.events.length < 70) appendedWhileCatchingUp++;
    }
    await until(() => sub.events.length >= 170, '170 events');
    const live = many(s, 20, 200);
    await appendAll(c.store(), s, live);
    await until(() => sub.events.length >= 190, '190 events');
    await delay(200);
    await sub.subscription.stop();

    expect(sub.errors).toEqual([]);
    expect(appendedWhileCatchingUp).toBeGreaterThan(0);
    expect(ids(sub.events)).toEqual(ids([...before.slice(30), ...during, ...live]));
  });

  it('delivers only what its filter wants, and what another store instance appends', async () => {
    const s = c.scope('filtered');
    const after = await s.marker();
    const wanted = s.type('Wanted');
    const sub = collect(c.store(), { after, filter: { eventTypes: [wanted] } });
    const other = await c.open();
    const events = [newEvent(wanted), newEvent(s.type('Other')), newEvent(wanted), newEvent(s.type('Other'))];
    await appendAll(other, s, events);
    const last = newEvent(wanted);
    await appendAll(other, s, [last]);
    // Delivered in order: once the last one is in, anything unwanted would have come before it.
    await until(() => sub.events.some((e) => e.id === last.id), 'the last wanted event');
    await sub.subscription.stop();
    expect(ids(sub.events)).toEqual(ids([events[0], events[2], last]));
  });

  it('resumes after a restart from the saved checkpoint, with only the events after it', async () => {
    const s = c.scope('resume');
    const after = await s.marker();
    const first = await c.open();
    const events = many(s, 5);
    await appendAll(first, s, events);
    let checkpoint = after;
    const sub = collect(first, { after, filter: { streamPrefixes: [s.prefix] } }, async (event) => {
      checkpoint = event.position;
    });
    await until(() => sub.events.length >= 3, 'three events');
    await sub.subscription.stop();
    const handled = sub.events.length;
    expect(checkpoint).toBe(sub.events[handled - 1].position);
    await first.close();

    const second = await c.open();
    const more = many(s, 2, 5);
    await appendAll(second, s, more);
    const resumed = collect(second, { after: checkpoint, filter: { streamPrefixes: [s.prefix] } });
    await until(() => resumed.events.some((e) => e.id === more[1].id), 'the last event');
    await resumed.subscription.stop();
    expect(ids(resumed.events)).toEqual(ids([...events, ...more].slice(handled)));
  });

  it('stop() waits for the handler in progress, and nothing is delivered after it', async () => {
    const s = c.scope('stop');
    const after = await s.marker();
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const sub = collect(c.store(), { after, filter: { streamPrefixes: [s.prefix] } }, async () => {
      calls++;
      await blocked;
    });
    await appendAll(c.store(), s, many(s, 3));
    await until(() => calls === 1, 'the first handler call');
    let stopped = false;
    const stopping = sub.subscription.stop().then(() => (stopped = true));
    await delay(100);
    expect(stopped).toBe(false);
    release();
    await stopping;
    await appendAll(c.store(), s, many(s, 2, 3));
    await delay(300);
    expect(calls).toBe(1);
    expect(sub.events).toHaveLength(1);
  });

  it('ends on a handler error and reports it to onError', async () => {
    const s = c.scope('failing');
    const after = await s.marker();
    const seen: string[] = [];
    const errors: unknown[] = [];
    const subscription = c.store().subscribeToAll({
      after,
      filter: { streamPrefixes: [s.prefix] },
      handler: async (event) => {
        seen.push(event.id);
        if (seen.length === 2) throw new Error('projection failed');
      },
      onError: (error) => errors.push(error),
    });
    const events = many(s, 4);
    await appendAll(c.store(), s, events);
    await until(() => errors.length > 0, 'the error');
    await delay(200);
    await subscription.stop();
    expect(errors).toEqual([new Error('projection failed')]);
    expect(seen).toEqual(ids(events.slice(0, 2)));
  });
}
