/** One server-sent event as a client sees it. */
export type SseEvent = { id: string | null; event: string; data: unknown };

/**
 * Reads a `text/event-stream` answer as EventSource would: events split on
 * blank lines, `id`, `event` and `data` fields, comments (heartbeats)
 * counted apart. For tests that follow `GET /api/stream`.
 */
export class SseClient {
  readonly events: SseEvent[] = [];
  comments = 0;
  status = 0;
  ended = false;
  private readonly abort = new AbortController();
  private readonly waiters: (() => void)[] = [];

  static async open(url: string, headers: Record<string, string>): Promise<SseClient> {
    const client = new SseClient();
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: client.abort.signal });
    client.status = res.status;
    if (res.status !== 200 || !res.body) {
      client.ended = true;
      client.events.push({ id: null, event: 'http-error', data: await res.text() });
      return client;
    }
    void client.read(res.body);
    return client;
  }

  /** The last event id the stream gave (what a reconnect sends as Last-Event-ID). */
  get lastEventId(): string | null {
    return [...this.events].reverse().find((e) => e.id !== null)?.id ?? null;
  }

  /** Resolves with the first event (from the start) that matches, or fails after `timeoutMs`. */
  async waitFor(match: (e: SseEvent) => boolean, timeoutMs = 20_000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(match);
      if (found) return found;
      if (this.ended) throw new Error(`the stream ended without the event; it sent ${JSON.stringify(this.events)}`);
      if (Date.now() > deadline)
        throw new Error(`no such event within ${timeoutMs} ms; got ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves once the server ended the stream. */
  async waitForEnd(timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      if (Date.now() > deadline) throw new Error('the stream did not end');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  close(): void {
    this.abort.abort();
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
      }
    } catch {
      // Aborted by close(), or the connection dropped: either way the stream ended.
    } finally {
      this.ended = true;
      this.wake();
    }
  }

  private parse(block: string): void {
    let id: string | null = null;
    let event = 'message';
    const data: string[] = [];
    let fields = 0;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const at = line.indexOf(':');
      const name = at < 0 ? line : line.slice(0, at);
      const value = at < 0 ? '' : line.slice(at + 1).replace(/^ /, '');
      if (name === 'id') id = value;
      else if (name === 'event') event = value;
      else if (name === 'data') data.push(value);
      else continue;
      fields++;
    }
    if (fields === 0) {
      if (block.split('\n').some((l) => l.startsWith(':'))) this.comments++;
      return;
    }
    if (data.length === 0 && id === null) return;
    this.events.push({ id, event, data: data.length ? JSON.parse(data.join('\n')) : null });
    this.wake();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}
