import type { LinksValue, Region } from '@regicam/contracts';

/** The link of a terminal in force at a time: what a transaction is joined with. */
export type LinkInForce = { linkId: string; ownerId: string; cameraId: string; region: Region | null };

/** One link of a terminal as far as its records are known: it holds in `[from, until)`. */
type LinkSpan = LinkInForce & {
  /** LinkCreated.at (ms); unknown while only its LinkRemoved has been read. */
  from?: number;
  /** LinkRemoved.at (ms); open-ended while the link holds. */
  until?: number;
};

/**
 * The whole link history of every terminal (a global table: every join
 * instance reads every partition of the links topic into one). Per
 * terminal key, each link's interval `[LinkCreated.at, LinkRemoved.at)`.
 *
 * Guarantees:
 * 1. idempotent: a record applied twice changes nothing (each record sets
 *    one end of its own link's interval);
 * 2. order-free within a terminal: the two records of a relink (the old
 *    link removed, the new one created, at the same time) give the same
 *    table in either order, and a LinkRemoved read before its LinkCreated
 *    is kept until the LinkCreated comes;
 * 3. history, not today: `linkAt` answers for any time, so a transaction
 *    read after a relink still gets the link of its own time.
 */
export class LinkTable {
  private readonly byTerminal = new Map<string, Map<string, LinkSpan>>();
  private count = 0;

  /** Applies a record of the links topic. Returns whether the table changed. */
  apply(record: LinksValue): boolean {
    let links = this.byTerminal.get(record.terminalKey);
    if (!links) {
      links = new Map();
      this.byTerminal.set(record.terminalKey, links);
    }
    const at = Date.parse(record.at);
    const known = links.get(record.linkId);
    if (record.type === 'LinkCreated') {
      const next: LinkSpan = {
        linkId: record.linkId,
        ownerId: record.ownerId,
        cameraId: record.cameraId,
        region: record.region,
        from: at,
        ...(known?.until !== undefined ? { until: known.until } : {}),
      };
      if (known && sameSpan(known, next)) return false;
      if (!known) this.count++;
      links.set(record.linkId, next);
      return true;
    }
    if (known) {
      if (known.until === at) return false;
      links.set(record.linkId, { ...known, until: at });
      return true;
    }
    this.count++;
    links.set(record.linkId, {
      linkId: record.linkId,
      ownerId: record.ownerId,
      cameraId: record.cameraId,
      region: null,
      until: at,
    });
    return true;
  }

  /**
   * The link of the terminal that holds at `t` (ms or ISO time):
   * created at or before `t`, not removed at or before `t`. Should two
   * overlap, the one created last wins. Null: the terminal was not linked.
   */
  linkAt(terminalKey: string, t: number | string): LinkInForce | null {
    const time = typeof t === 'number' ? t : Date.parse(t);
    let best: LinkSpan | undefined;
    for (const span of this.byTerminal.get(terminalKey)?.values() ?? []) {
      if (span.from === undefined || span.from > time) continue;
      if (span.until !== undefined && span.until <= time) continue;
      if (!best || span.from > (best.from as number) || (span.from === best.from && span.linkId > best.linkId)) {
        best = span;
      }
    }
    return best ? { linkId: best.linkId, ownerId: best.ownerId, cameraId: best.cameraId, region: best.region } : null;
  }

  /** Links known (of every terminal). */
  get size(): number {
    return this.count;
  }
}

function sameSpan(a: LinkSpan, b: LinkSpan): boolean {
  return (
    a.from === b.from &&
    a.until === b.until &&
    a.ownerId === b.ownerId &&
    a.cameraId === b.cameraId &&
    JSON.stringify(a.region) === JSON.stringify(b.region)
  );
}
