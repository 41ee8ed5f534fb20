import { TooManyStreams } from '../errors';
import type { FeedCursor, StreamEvent } from './dashboard-feed';
import { StreamHub, type StreamFeed } from './stream-hub';

/** A feed of one owner's entries in memory: entry n has cursor {t: n, p: 0}. */
class MemoryFeed implements StreamFeed {
  readonly rows: string[] = [];
  readonly asked: FeedCursor[] = [];
  failures = 0;

  async head(): Promise<FeedCursor> {
    return { t: this.rows.length, p: 0 };
  }

  async next(_ownerId: string, cursor: FeedCursor): Promise<{ events: StreamEvent[]; cursor: FeedCursor }> {
    this.asked.push(cursor);
    if (this.failures > 0) {
      this.failures--;
      throw new Error('the read store is away');
    }
    const events = this.rows
      .slice(cursor.t)
      .map((row, i): StreamEvent => ({ id: `${cursor.t + i + 1}-0`, event: 'row', data: { row } }));
    return { events, cursor: { t: this.rows.length, p: 0 } };
  }
}

class Sink {
  text = '';
  ended = false;
  write(text: string) {
    this.text += text;
  }
  end() {
    this.ended = true;
  }
  events(): string[] {
    return [...this.text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
  }
}

const POLL_MS = 100;
const HEARTBEAT_MS = 1_000;
const tick = async (ms = POLL_MS) => {
  await jest.advanceTimersByTimeAsync(ms);
};

describe('StreamHub', () => {
  let feed: MemoryFeed;
  let hub: StreamHub;
  let valid: boolean;
  const warnings: string[] = [];
  const open = (sink: Sink, opts: { ownerId?: string; session?: string; cursor?: FeedCursor | null } = {}) =>
    hub.start(
      {
        ownerId: opts.ownerId ?? 'o1',
        session: opts.session ?? 's1',
        cursor: opts.cursor ?? null,
        stillValid: async () => valid,
      },
      sink,
    );

  beforeEach(() => {
    jest.useFakeTimers();
    feed = new MemoryFeed();
    valid = true;
    warnings.length = 0;
    hub = new StreamHub(feed, {
      maxPerOwner: 2,
      pollMs: POLL_MS,
      heartbeatMs: HEARTBEAT_MS,
      log: (_level, message) => warnings.push(message),
    });
  });

  afterEach(() => {
    hub.closeAll();
    jest.useRealTimers();
  });

  it('starts at the end of the feeds with a ready event carrying the cursor, then sends what comes after it', async () => {
    feed.rows.push('before');
    const sink = new Sink();
    await open(sink);
    expect(sink.text).toMatch(/^retry: 2000\nid: 1-0\nevent: ready\ndata: {"cursor":"1-0"}\n\n/);
    feed.rows.push('a', 'b');
    await tick();
    expect(sink.events()).toEqual(['ready', 'row', 'row']);
    expect(sink.text).toContain('id: 2-0\nevent: row\ndata: {"row":"a"}\n\n');
    expect(sink.text).not.toContain('before');
  });

  it('resumes at the cursor it is given (Last-Event-ID): nothing skipped, nothing repeated', async () => {
    feed.rows.push('a', 'b', 'c');
    const sink = new Sink();
    await open(sink, { cursor: { t: 1, p: 0 } });
    await tick(0);
    expect([...sink.text.matchAll(/"row":"(\w)"/g)].map((m) => m[1])).toEqual(['b', 'c']);
  });

  it('tries a failed read again at the next tick from the same cursor, and says so in the log', async () => {
    const sink = new Sink();
    await open(sink);
    feed.rows.push('a');
    feed.failures = 2;
    await tick(0);
    await tick();
    expect(sink.events()).toEqual(['ready']);
    await tick();
    await tick();
    // The read at the start, two failed ones, then the one that sent the row: all from the start's cursor.
    expect(feed.asked.slice(0, 4)).toEqual([
      { t: 0, p: 0 },
      { t: 0, p: 0 },
      { t: 0, p: 0 },
      { t: 0, p: 0 },
    ]);
    expect(sink.events()).toEqual(['ready', 'row']);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/owner o1: reading the feeds failed, trying again: Error: the read store is away/);
  });

  it('refuses one stream more than an owner may have, and counts each owner apart', async () => {
    const ends = [await open(new Sink()), await open(new Sink())];
    await expect(open(new Sink())).rejects.toBeInstanceOf(TooManyStreams);
    await expect(open(new Sink(), { ownerId: 'o2' })).resolves.toBeInstanceOf(Function);
    expect(hub.count('o1')).toBe(2);
    ends[0]();
    expect(hub.count('o1')).toBe(1);
    await expect(open(new Sink())).resolves.toBeInstanceOf(Function);
  });

  it('sends a heartbeat while the session holds, and a logout once it has ended', async () => {
    const sink = new Sink();
    await open(sink);
    await tick(HEARTBEAT_MS);
    expect(sink.text).toMatch(/^: heartbeat \d{4}-\d\d-\d\dT/m);
    expect(sink.ended).toBe(false);
    valid = false;
    await tick(HEARTBEAT_MS);
    expect(sink.events().at(-1)).toBe('logout');
    expect(sink.ended).toBe(true);
    expect(hub.count('o1')).toBe(0);
  });

  it('ends the streams of a session that logs out here, and every stream when the process stops', async () => {
    const [mine, otherSession, otherOwner] = [new Sink(), new Sink(), new Sink()];
    await open(mine, { session: 's1' });
    await open(otherSession, { session: 's2' });
    await open(otherOwner, { ownerId: 'o2', session: 's3' });
    hub.closeSession('s1');
    expect(mine.events().at(-1)).toBe('logout');
    expect([mine.ended, otherSession.ended, otherOwner.ended]).toEqual([true, false, false]);
    hub.closeAll();
    expect(otherSession.text).toContain('event: closing\ndata: {"reason":"shutdown"}');
    expect(otherOwner.ended).toBe(true);
    // A client gone: the stream ends without a word, once.
    const gone = new Sink();
    const end = await open(gone);
    end();
    end();
    expect(gone.events()).toEqual(['ready']);
    expect(gone.ended).toBe(true);
  });
});
