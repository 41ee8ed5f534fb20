import type { Collection, ReadStore } from '@regicam/read-store';
import {
  FEED_INDEXES,
  FEED_KEEP,
  TRANSACTION_FEED,
  type FeedHead,
  type TransactionDocument,
  type TransactionFeedEntry,
} from '@regicam/transactions';
import { DashboardInputError } from '../errors';
import { PICTURE_FEED, type PictureFeedEntry } from '../projections/picture-projection';
import type { TransactionList } from '../transactions/transaction-list';
import { pictureView } from '../transactions/views';

/**
 * Where a reader is in an owner's two feeds: the transactions feed (rows,
 * links; written by the transactions projection) and the pictures feed
 * (written by the pictures projection). Each has its own sequence, so the
 * pair resumes both exactly, whichever process wrote them and in whatever
 * order their commits landed. As text: `<t>-<p>` (the SSE event id).
 */
export type FeedCursor = { t: number; p: number };

export type StreamEvent = {
  /** Set on the last event of a feed entry: resuming after it skips nothing and repeats nothing of that entry. */
  id?: string;
  /** row, picture, link: a change; ready: the stream starts; reset: reload; logout, closing: the stream ends. */
  event: 'row' | 'picture' | 'link' | 'reset' | 'ready' | 'logout' | 'closing';
  data: unknown;
};

export const cursorText = (c: FeedCursor) => `${c.t}-${c.p}`;

/** Reads `Last-Event-ID`; null when absent. */
export function parseCursor(text: string | undefined, field = 'Last-Event-ID'): FeedCursor | null {
  if (text === undefined || text === '') return null;
  const m = /^(\d{1,15})-(\d{1,15})$/.exec(text.trim());
  if (!m) throw new DashboardInputError(field, `${field} must be an event id this stream gave out, such as 12-4`);
  return { t: Number(m[1]), p: Number(m[2]) };
}

type Entry =
  | { source: 't'; seq: number; at: string; entry: TransactionFeedEntry }
  | { source: 'p'; seq: number; at: string; entry: PictureFeedEntry };

/**
 * An owner's changes as server-sent events, read from the two feeds in the
 * read store (so the API needs no link to the processes that project):
 * 1. the entries after the cursor in each feed, a page of each;
 * 2. in time order across the two (the time each change happened at its
 *    source; ties: rows before pictures), each feed in its own order; when
 *    one feed filled its page, the other's entries after its last are left
 *    for the next read, so the order holds across pages;
 * 3. rows come with their picture and register name as they are now;
 * 4. a cursor older than what the feeds keep (or from another read model)
 *    gets one `reset` event: reload the list, then follow from the cursor
 *    it carries.
 */
export class DashboardFeed {
  private constructor(
    private readonly rows: Collection<TransactionFeedEntry>,
    private readonly rowHeads: Collection<FeedHead>,
    private readonly pictures: Collection<PictureFeedEntry>,
    private readonly pictureHeads: Collection<FeedHead>,
    private readonly list: TransactionList,
  ) {}

  static async open(store: ReadStore, list: TransactionList): Promise<DashboardFeed> {
    return new DashboardFeed(
      await store.collection<TransactionFeedEntry>(TRANSACTION_FEED.entries, { indexes: FEED_INDEXES }),
      await store.collection<FeedHead>(TRANSACTION_FEED.heads),
      await store.collection<PictureFeedEntry>(PICTURE_FEED.entries, { indexes: FEED_INDEXES }),
      await store.collection<FeedHead>(PICTURE_FEED.heads),
      list,
    );
  }

  /** Where the feeds end now: a stream opened without a cursor starts here. */
  async head(ownerId: string): Promise<FeedCursor> {
    const [t, p] = await Promise.all([this.rowHeads.get(ownerId), this.pictureHeads.get(ownerId)]);
    return { t: t?.seq ?? 0, p: p?.seq ?? 0 };
  }

  async next(
    ownerId: string,
    cursor: FeedCursor,
    pageSize = 100,
  ): Promise<{ events: StreamEvent[]; cursor: FeedCursor }> {
    const head = await this.head(ownerId);
    if (!keeps(head.t, cursor.t) || !keeps(head.p, cursor.p)) {
      return { events: [{ id: cursorText(head), event: 'reset', data: { cursor: cursorText(head) } }], cursor: head };
    }
    // 1. A page of each feed.
    const [rows, pictures] = await Promise.all([
      this.rows.find({ ownerId, seq: { $gt: cursor.t } }, { sort: [['seq', 1]], limit: pageSize }),
      this.pictures.find({ ownerId, seq: { $gt: cursor.p } }, { sort: [['seq', 1]], limit: pageSize }),
    ]);
    let entries: Entry[] = [
      ...rows.items.map((entry): Entry => ({ source: 't', seq: entry.seq, at: entry.at, entry })),
      ...pictures.items.map((entry): Entry => ({ source: 'p', seq: entry.seq, at: entry.at, entry })),
    ];
    // 2. Time order; what comes after a full page's last entry waits for the next read.
    const limitAt = [rows, pictures]
      .filter((page) => page.nextCursor !== null)
      .map((page) => page.items[page.items.length - 1].at)
      .sort()[0];
    if (limitAt !== undefined) entries = entries.filter((e) => e.at <= limitAt);
    entries.sort((a, b) => a.at.localeCompare(b.at) || a.source.localeCompare(b.source) || a.seq - b.seq);
    // 3. The rows as they are now.
    const docs = entries.flatMap((e) =>
      e.source === 't' ? e.entry.changes.flatMap((c) => (c.type === 'row' ? [c.row] : [])) : [],
    );
    const views = new Map((await this.list.views(dedupe(docs))).map((v) => [v.transactionKey, v]));
    const events: StreamEvent[] = [];
    let at = { ...cursor };
    for (const e of entries) {
      at = e.source === 't' ? { ...at, t: e.seq } : { ...at, p: e.seq };
      const made: StreamEvent[] =
        e.source === 't'
          ? e.entry.changes.map((c) =>
              c.type === 'row' ? { event: 'row', data: views.get(c.row.id) } : { event: 'link', data: c.link },
            )
          : e.entry.changes.map((c) => ({
              event: 'picture',
              data: {
                transactionKey: c.picture.transactionKey,
                cameraId: c.picture.cameraId,
                picture: pictureView(c.picture),
              },
            }));
      if (made.length > 0) made[made.length - 1].id = cursorText(at);
      events.push(...made);
    }
    return { events, cursor: at };
  }
}

/** Whether a feed whose head is `head` still holds everything after `seq`. */
const keeps = (head: number, seq: number) => seq <= head && seq >= head - FEED_KEEP;

/** Each row once, in its latest version within the read. */
function dedupe(docs: TransactionDocument[]): TransactionDocument[] {
  const latest = new Map<string, TransactionDocument>();
  for (const d of docs) {
    const seen = latest.get(d.id);
    if (!seen || seen.version <= d.version) latest.set(d.id, d);
  }
  return [...latest.values()];
}
