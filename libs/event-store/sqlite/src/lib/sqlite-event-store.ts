import {
  EventIdConflictError,
  WrongExpectedRevisionError,
  checkCount,
  checkFilter,
  prepareAppend,
  runSubscription,
  type AppendResult,
  type CheckedFilter,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type PreparedEvent,
  type ReadAllOptions,
  type ReadStreamOptions,
  type StoredEvent,
  type SubscribeOptions,
  type Subscription,
} from '@regicam/event-store';
import Database from 'better-sqlite3';
import { acquireSignal, type AppendSignal } from './append-signal';
import { COLUMNS, EVENTS_TABLE, pageQuery, parsePosition, toStoredEvent, type EventRow } from './events-table';

export type SqliteEventStoreOptions = {
  /** The database file (created when missing), or ':memory:'. */
  path: string;
  /** How often an idle subscription looks for events another process appended (default 100 ms). */
  pollIntervalMs?: number;
  /**
   * `normal` (default): a resolved append survives a crash of the process;
   * `full`: it also survives a power loss or an OS crash, at the cost of a
   * disk sync per append. The file is never corrupted either way (WAL).
   */
  synchronous?: 'normal' | 'full';
};

/** Events a subscription reads from the file at a time while catching up. */
const PAGE = 1000;

/**
 * The event store in one SQLite file, for the embedded one-process default
 * (see events-table.ts for the table). Each append is one IMMEDIATE
 * transaction: it takes the write lock first, so the revision it checks is
 * still the stream's revision when it writes, across processes too.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly signal: AppendSignal;
  private readonly releaseSignal: () => void;
  private readonly subscriptions = new Set<Subscription>();
  private readonly pages = new Map<string, Database.Statement<unknown[], EventRow>>();
  private readonly sql;
  private readonly write;
  private readonly snapshot;
  private closing?: Promise<void>;

  constructor(private readonly options: SqliteEventStoreOptions) {
    this.db = new Database(options.path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(EVENTS_TABLE);
    ({ signal: this.signal, release: this.releaseSignal } = acquireSignal(options.path));
    const db = this.db;
    this.sql = {
      lastRevision: db.prepare<[string], { last: number | null }>(
        'SELECT MAX(revision) AS last FROM events WHERE stream_name = ?',
      ),
      revisionOfId: db.prepare<[string, string], { revision: number }>(
        'SELECT revision FROM events WHERE stream_name = ? AND event_id = ?',
      ),
      idsFrom: db.prepare<[string, number, number], { event_id: string; position: number }>(
        'SELECT event_id, position FROM events WHERE stream_name = ? AND revision >= ? ORDER BY revision LIMIT ?',
      ),
      insert: db.prepare<[string, number, string, string, string, string, string]>(
        `INSERT INTO events (stream_name, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      stream: db.prepare<[string, number, number], EventRow>(
        `SELECT ${COLUMNS} FROM events WHERE stream_name = ? AND revision >= ? ORDER BY revision LIMIT ?`,
      ),
      end: db.prepare<[], { end: number | null }>('SELECT MAX(position) AS end FROM events'),
    };
    this.write = db.transaction(this.writeBatch.bind(this));
    this.snapshot = db.transaction((after: number, filter: CheckedFilter) => ({
      rows: this.page(after, PAGE, filter),
      end: this.sql.end.get()?.end ?? 0,
    }));
  }

  async append(
    streamName: string,
    events: NewEvent[],
    options: { expectedRevision: ExpectedRevision },
  ): Promise<AppendResult> {
    const expected = options.expectedRevision;
    const prepared = prepareAppend(streamName, events, expected);
    let outcome: { result: AppendResult; written: boolean };
    try {
      outcome = this.write.immediate(streamName, prepared, expected);
    } catch (error) {
      throw this.explain(error, streamName, prepared);
    }
    if (outcome.written) this.signal.notify();
    return outcome.result;
  }

  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    const from = checkCount(options.fromRevision, 'fromRevision', 0) ?? 0;
    const limit = checkCount(options.maxCount, 'maxCount', 0) ?? -1;
    return this.sql.stream.all(streamName, from, limit).map(toStoredEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const after = options.after === undefined ? 0 : parsePosition(options.after);
    const limit = checkCount(options.maxCount, 'maxCount', 0) ?? -1;
    return this.page(after, limit, checkFilter(options.filter)).map(toStoredEvent);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    const after = options.after === undefined ? 0 : parsePosition(options.after);
    const filter = checkFilter(options.filter);
    const subscription: Subscription = runSubscription(
      (signal) => this.follow(after, filter, signal),
      options,
      () => this.subscriptions.delete(subscription),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  comparePositions(a: string, b: string): number {
    return Math.sign(parsePosition(a) - parsePosition(b));
  }

  /** Stops the subscriptions (their handlers finish), then closes the file; closing again waits for the same. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.all([...this.subscriptions].map((s) => s.stop()));
      this.db.close();
      this.releaseSignal();
    })();
    return this.closing;
  }

  /**
   * The append transaction:
   * 1. a batch whose first id the stream holds is a repeat: it returns the
   *    earlier result if the stored events from there carry the batch's ids
   *    in order, and is refused otherwise (whatever the expected revision,
   *    as EventStoreDB does);
   * 2. the expected revision is checked against the stream's last revision;
   * 3. the events get the next revisions and positions.
   */
  private writeBatch(
    streamName: string,
    events: PreparedEvent[],
    expected: ExpectedRevision,
  ): { result: AppendResult; written: boolean } {
    const earlier = this.sql.revisionOfId.get(streamName, events[0].id);
    if (earlier) return { result: this.repeated(streamName, events, earlier.revision), written: false };
    const last = this.sql.lastRevision.get(streamName)?.last ?? null;
    const holds =
      expected === 'any' ||
      (expected === 'no_stream' && last === null) ||
      (expected === 'stream_exists' && last !== null) ||
      expected === last;
    if (!holds) throw new WrongExpectedRevisionError(streamName, expected, last ?? 'no_stream');
    const recordedAt = new Date().toISOString();
    const first = (last ?? -1) + 1;
    let position = 0;
    events.forEach((e, i) => {
      const row = this.sql.insert.run(streamName, first + i, e.id, e.type, e.data, e.metadata, recordedAt);
      position = Number(row.lastInsertRowid);
    });
    return { result: { nextExpectedRevision: first + events.length - 1, position: String(position) }, written: true };
  }

  private repeated(streamName: string, events: PreparedEvent[], from: number): AppendResult {
    const stored = this.sql.idsFrom.all(streamName, from, events.length);
    events.forEach((e, i) => {
      if (stored[i]?.event_id !== e.id) {
        throw new EventIdConflictError(
          streamName,
          events[0].id,
          `is stored at revision ${from}, but the batch does not repeat the events stored after it ` +
            `(batch event ${i}, ${e.id}, is not the event at revision ${from + i})`,
        );
      }
    });
    return { nextExpectedRevision: from + events.length - 1, position: String(stored[events.length - 1].position) };
  }

  /** A batch that repeats an id of the stream after its first event breaks UNIQUE (stream_name, event_id). */
  private explain(error: unknown, streamName: string, events: PreparedEvent[]): unknown {
    // By code, not instanceof: better-sqlite3's native part keeps the SqliteError class of the first
    // module instance that loaded it, so a second instance (another jest module registry) sees a stranger.
    if ((error as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_UNIQUE') return error;
    for (const e of events) {
      const stored = this.sql.revisionOfId.get(streamName, e.id);
      if (stored) {
        return new EventIdConflictError(
          streamName,
          e.id,
          `is already stored at revision ${stored.revision}; a batch may repeat stored events only from its first event on`,
        );
      }
    }
    return error;
  }

  private page(after: number, limit: number, filter: CheckedFilter): EventRow[] {
    const { sql, values } = pageQuery(filter);
    let statement = this.pages.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[], EventRow>(sql);
      this.pages.set(sql, statement);
    }
    return statement.all(after, ...values, limit);
  }

  /**
   * Catch-up and live as one loop over the table: read the next page after
   * the last position; when the page is short the subscription is live and
   * waits for an append of this process or the poll interval. Reading
   * strictly after the last position delivers each event once, and
   * positions grow in commit order, so none is skipped. The page and the
   * log's end come from one read snapshot, so a filtered subscription moves
   * past the events it does not want without reading them again.
   */
  private async *follow(after: number, filter: CheckedFilter, signal: AbortSignal): AsyncGenerator<StoredEvent> {
    let last = after;
    while (!signal.aborted) {
      const seen = this.signal.generation;
      const { rows, end } = this.snapshot(last, filter);
      for (const row of rows) {
        if (signal.aborted) return;
        last = row.position;
        yield toStoredEvent(row);
      }
      if (rows.length < PAGE) {
        last = Math.max(last, end);
        // An append during the handlers above moved the generation on: read again at once.
        if (this.signal.generation === seen) await this.signal.wait(this.options.pollIntervalMs ?? 100, signal);
      }
    }
  }
}
