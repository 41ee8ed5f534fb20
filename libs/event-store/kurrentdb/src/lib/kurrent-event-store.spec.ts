import {
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type SubscribeToAllOptions,
} from '@kurrent/kurrentdb-client';
import { WrongExpectedRevisionError } from '@regicam/event-store';
import { newEvent } from '@regicam/event-store/testing';
import { PassThrough } from 'node:stream';
import { KurrentEventStore, type KurrentClient } from './kurrent-event-store';
import { encodePosition } from './mapping';

/*
 * The adapter's own logic against a stand-in for the client, which behaves
 * as the server is documented to: reads of $all from a position include
 * it, subscriptions do not, and a cancelled subscription's stream is not
 * ended by the client. The contract itself runs against a real server in
 * kurrent-event-store.int.spec.ts.
 */

type Recorded = NonNullable<AllStreamResolvedEvent['event']>;

const at = (n: number): Position => ({ commit: BigInt(n * 100), prepare: BigInt(n * 100) });

function recorded(n: number, streamId: string, type = 'TransactionReceived.v1'): Recorded {
  return {
    streamId,
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    isJson: true,
    revision: 0n,
    type,
    created: new Date('2026-11-28T10:00:00Z'),
    data: { n },
    metadata: undefined,
    position: at(n),
  } as Recorded;
}

const after = (a: Position, b: Position) => a.commit > b.commit || (a.commit === b.commit && a.prepare > b.prepare);

class StandIn {
  log: Recorded[] = [];
  live: PassThrough[] = [];
  appended: unknown[] = [];
  appendResult: unknown = undefined;
  appendError: unknown = undefined;

  async appendToStream(_stream: string, events: unknown[]) {
    this.appended.push(events);
    if (this.appendError) throw this.appendError;
    return this.appendResult;
  }

  async *readStream(streamName: string, options: ReadStreamOptions = {}) {
    const events = this.log.filter((e) => e.streamId === streamName);
    if (events.length === 0) throw new StreamNotFoundError(undefined, streamName);
    const from = typeof options.fromRevision === 'bigint' ? options.fromRevision : 0n;
    for (const event of events.filter((e) => e.revision >= from)) yield { event };
  }

  async *readAll(options: ReadAllOptions = {}) {
    const from = options.fromPosition;
    const events = this.log.filter((e) => typeof from !== 'object' || !after(from, e.position));
    for (const event of events.slice(0, Number(options.maxCount))) yield { event };
  }

  subscribeToAll(options: SubscribeToAllOptions = {}) {
    const from = options.fromPosition;
    const stream = Object.assign(new PassThrough({ objectMode: true }), {
      unsubscribe: async () => undefined,
    });
    for (const event of this.log) if (typeof from !== 'object' || after(event.position, from)) stream.write({ event });
    this.live.push(stream);
    return stream;
  }

  async dispose() {
    this.live.forEach((s) => s.destroy());
  }
}

describe('KurrentDB adapter (with a stand-in for the client)', () => {
  let client: StandIn;
  let store: KurrentEventStore;

  beforeEach(() => {
    client = new StandIn();
    store = new KurrentEventStore({ client: client as unknown as KurrentClient });
  });

  afterEach(() => store.close());

  it('reads a stream the server does not know as an empty list', async () => {
    expect(await store.readStream('link-missing')).toEqual([]);
  });

  it("turns the server's wrong expected version into the port's error", async () => {
    client.appendError = new WrongExpectedVersionError(undefined, {
      streamName: 'link-a',
      expected: 'no_stream',
      current: 2n,
    });
    const error = await store
      .append('link-a', [newEvent('Test.v1')], { expectedRevision: 'no_stream' })
      .catch((e) => e);
    expect(error).toEqual(new WrongExpectedRevisionError('link-a', 'no_stream', 2));
  });

  it("takes a single event's position from the append, and reads back the last event of a batch", async () => {
    client.appendResult = { success: true, nextExpectedRevision: 0n, position: at(7) };
    const one = await store.append('link-b', [newEvent('Test.v1')], { expectedRevision: 'no_stream' });
    expect(one).toEqual({ nextExpectedRevision: 0, position: encodePosition(at(7)) });

    client.log = [recorded(8, 'link-c'), { ...recorded(9, 'link-c'), revision: 1n }];
    client.appendResult = { success: true, nextExpectedRevision: 1n, position: { commit: 900n, prepare: 800n } };
    const batch = await store.append('link-c', [newEvent('Test.v1'), newEvent('Test.v1')], { expectedRevision: 'any' });
    expect(batch).toEqual({ nextExpectedRevision: 1, position: encodePosition(at(9)) });
    expect(client.appended[1]).toEqual([
      expect.objectContaining({ contentType: 'application/json', type: 'Test.v1' }),
      expect.objectContaining({ contentType: 'application/json', type: 'Test.v1' }),
    ]);
  });

  it('reads $all after the position, without system events, and still fills maxCount', async () => {
    client.log = [
      recorded(1, 'link-a'),
      recorded(2, '$stats-127.0.0.1:2113', '$statsCollected'),
      recorded(3, 'link-b'),
      recorded(4, 'transaction-c'),
      recorded(5, 'link-d'),
    ];
    const all = await store.readAll();
    expect(all.map((e) => e.data['n'])).toEqual([1, 3, 4, 5]);
    const page = await store.readAll({ after: encodePosition(at(1)), maxCount: 2 });
    expect(page.map((e) => e.data['n'])).toEqual([3, 4]);
    expect(await store.readAll({ after: encodePosition(at(5)) })).toEqual([]);
  });

  it('subscribes after the position, delivers live events, and stops although the server stream stays open', async () => {
    client.log = [recorded(1, 'link-a'), recorded(2, 'link-b')];
    const seen: unknown[] = [];
    const subscription = store.subscribeToAll({
      after: encodePosition(at(1)),
      handler: async (event) => void seen.push(event.data['n']),
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    client.live[0].write({ event: recorded(3, 'link-c') });
    client.live[0].write({ event: recorded(3, 'link-c') });
    client.live[0].write({ event: recorded(4, '$$link-c', '$metadata') });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await subscription.stop();
    expect(seen).toEqual([2, 3]);
    expect(client.live[0].destroyed).toBe(true);
  });
});
