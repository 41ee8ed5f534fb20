import { TooManyStreams } from '../errors';
import { cursorText, type DashboardFeed, type FeedCursor, type StreamEvent } from './dashboard-feed';

/** Where a stream's text goes (an HTTP response), and how to end it. */
export type StreamSink = { write(text: string): void; end(): void };

export type StreamOptions = {
  /** Streams one owner may have open at once (default 5: a few tabs and devices). */
  maxPerOwner?: number;
  /** How often the feeds are read (default 1 s). */
  pollMs?: number;
  /** How often a comment is sent to keep proxies from closing an idle stream, and the session checked (default 15 s). */
  heartbeatMs?: number;
  log?: (level: 'warn', message: string) => void;
};

/** What the hub reads: where the owner's feeds end, and what came after a cursor. */
export type StreamFeed = Pick<DashboardFeed, 'head' | 'next'>;

type Open = { ownerId: string; session: string; stop: (reason: string) => void };

/** One server-sent event as text; `data` is one line of JSON (JSON escapes line breaks). */
export function sseText(e: StreamEvent): string {
  return `${e.id === undefined ? '' : `id: ${e.id}\n`}event: ${e.event}\ndata: ${JSON.stringify(e.data ?? null)}\n\n`;
}

/**
 * The live streams of this process (`GET /api/stream`):
 * 1. at most `maxPerOwner` per owner (one more is refused, TooManyStreams);
 * 2. each starts at its cursor (`Last-Event-ID`) or at the feeds' end, and
 *    says so in a first `ready` event carrying the cursor as its id;
 * 3. reads the owner's feeds every `pollMs` and sends what is new; a read
 *    that fails is tried again at the next tick (nothing is skipped: the
 *    cursor moves only with what was sent);
 * 4. sends a heartbeat comment every `heartbeatMs` and checks the session
 *    then: a session that ended (logged out in any process, expired) gets
 *    a `logout` event and the stream is closed; a logout in this process
 *    closes its streams at once (`closeSession`).
 */
export class StreamHub {
  private readonly open = new Set<Open>();

  constructor(
    private readonly feed: StreamFeed,
    private readonly options: StreamOptions = {},
  ) {}

  get maxPerOwner(): number {
    return this.options.maxPerOwner ?? 5;
  }

  /** How many streams the owner has open in this process. */
  count(ownerId: string): number {
    return [...this.open].filter((o) => o.ownerId === ownerId).length;
  }

  /** Starts a stream; resolves with a function that ends it (call it when the client goes). */
  async start(
    stream: { ownerId: string; session: string; cursor: FeedCursor | null; stillValid: () => Promise<boolean> },
    sink: StreamSink,
  ): Promise<() => void> {
    if (this.count(stream.ownerId) >= this.maxPerOwner) throw new TooManyStreams(this.maxPerOwner);
    let cursor = stream.cursor ?? (await this.feed.head(stream.ownerId));
    let reading = false;
    let sinceBeat = 0;
    const pollMs = this.options.pollMs ?? 1000;
    const beats = Math.max(1, Math.round((this.options.heartbeatMs ?? 15_000) / pollMs));
    const entry: Open = {
      ownerId: stream.ownerId,
      session: stream.session,
      stop: (reason) => {
        clearInterval(timer);
        if (!this.open.delete(entry)) return;
        if (reason !== 'client') {
          sink.write(sseText({ event: reason === 'logout' ? 'logout' : 'closing', data: { reason } }));
        }
        sink.end();
      },
    };
    const tick = async () => {
      if (reading) return;
      reading = true;
      try {
        const { events, cursor: next } = await this.feed.next(stream.ownerId, cursor);
        for (const e of events) sink.write(sseText(e));
        cursor = next;
        if (++sinceBeat >= beats) {
          sinceBeat = 0;
          if (!(await stream.stillValid())) return entry.stop('logout');
          sink.write(`: heartbeat ${new Date().toISOString()}\n\n`);
        }
      } catch (error) {
        this.options.log?.(
          'warn',
          `stream of owner ${stream.ownerId}: reading the feeds failed, trying again: ${String(error)}`,
        );
      } finally {
        reading = false;
      }
    };
    this.open.add(entry);
    sink.write(
      `retry: 2000\n${sseText({ id: cursorText(cursor), event: 'ready', data: { cursor: cursorText(cursor) } })}`,
    );
    const timer = setInterval(() => void tick(), pollMs);
    void tick();
    return () => entry.stop('client');
  }

  /** Ends the streams of a session (logout). */
  closeSession(session: string): void {
    for (const o of [...this.open]) if (o.session === session) o.stop('logout');
  }

  /** Ends every stream (the process stops). */
  closeAll(): void {
    for (const o of [...this.open]) o.stop('shutdown');
  }
}
