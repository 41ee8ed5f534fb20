import type { Collection, Filter, ReadStore } from '@regicam/read-store';
import { LINK_COLLECTIONS, LINK_INDEXES, type LinkDocument, type LinkHistoryEntry } from './link-read-model';

export type HistoryQuery = {
  /** Only this owner's links; every owner's when null (the CLI, for auditors with server access). */
  ownerId: string | null;
  terminalId?: string;
  cameraId?: string;
  /** ISO times, inclusive. */
  from?: string;
  to?: string;
};

/** The link read model, as the API and the CLI ask it. */
export class LinkQueries {
  private constructor(
    private readonly links: Collection<LinkDocument>,
    private readonly entries: Collection<LinkHistoryEntry>,
  ) {}

  static async open(store: ReadStore): Promise<LinkQueries> {
    return new LinkQueries(
      await store.collection<LinkDocument>(LINK_COLLECTIONS.links, { indexes: LINK_INDEXES.links }),
      await store.collection<LinkHistoryEntry>(LINK_COLLECTIONS.history, { indexes: LINK_INDEXES.history }),
    );
  }

  /** The owner's links in force, oldest first. */
  async activeLinks(ownerId: string): Promise<LinkDocument[]> {
    return all((cursor) =>
      this.links.find({ ownerId, status: 'active' }, { sort: [['createdAt', 1]], limit: 1000, cursor }),
    );
  }

  /** Every owner's links in force (for the POS pollers). */
  async allActiveLinks(): Promise<LinkDocument[]> {
    return all((cursor) => this.links.find({ status: 'active' }, { sort: [['createdAt', 1]], limit: 1000, cursor }));
  }

  async link(linkId: string): Promise<LinkDocument | null> {
    return this.links.get(linkId);
  }

  /** The active link of a terminal, if any. */
  async activeLinkOfTerminal(key: string): Promise<LinkDocument | null> {
    const page = await this.links.find({ terminalKey: key, status: 'active' }, { limit: 1 });
    return page.items[0] ?? null;
  }

  /** Every link event that matches, in the order it happened. */
  async history(query: HistoryQuery): Promise<LinkHistoryEntry[]> {
    const conditions: Filter[] = [];
    if (query.ownerId !== null) conditions.push({ ownerId: query.ownerId });
    if (query.terminalId) conditions.push({ terminalId: query.terminalId });
    if (query.cameraId) conditions.push({ cameraId: query.cameraId });
    if (query.from) conditions.push({ at: { $gte: query.from } });
    if (query.to) conditions.push({ at: { $lte: query.to } });
    const filter: Filter = conditions.length > 0 ? { $and: conditions } : {};
    const found = await all((cursor) => this.entries.find(filter, { sort: [['at', 1]], limit: 1000, cursor }));
    return found.sort(byTime);
  }

  /**
   * The links exactly as they were at `at`: for each terminal, its last
   * link event at or before that time, kept when it created a link.
   */
  async stateAt(at: string, ownerId: string | null): Promise<LinkHistoryEntry[]> {
    const history = await this.history({ ownerId, to: at });
    const last = new Map<string, LinkHistoryEntry>();
    for (const e of history) last.set(e.terminalKey, e);
    return [...last.values()].filter((e) => e.eventType === 'LinkCreated').sort(byTime);
  }
}

/** Time order; events of one append (a relink) keep their order in the stream. */
function byTime(a: LinkHistoryEntry, b: LinkHistoryEntry): number {
  return a.at.localeCompare(b.at) || a.streamName.localeCompare(b.streamName) || a.revision - b.revision;
}

async function all<T>(
  page: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>,
): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const p = await page(cursor);
    out.push(...p.items);
    cursor = p.nextCursor;
  } while (cursor);
  return out;
}
