import type { LinkCreated, LinkRemoved } from '@regicam/domain';
import type { ReadDocument } from '@regicam/read-store';

/** One link of a terminal and when it held: `[from, to)`, `to` null while in force. */
export type LinkInterval = { linkId: string; ownerId: string; cameraId: string; from: string; to: string | null };

/**
 * The link history of one terminal (`transaction_links`, id = terminal key),
 * kept by the transactions projection from the link events it reads in log
 * order, so that a sale is given the link valid at its register time.
 * `version` is the link stream's revision + 1: a link event applied again
 * is recognised and changes nothing.
 */
export type TerminalLinks = ReadDocument & { terminalKey: string; links: LinkInterval[] };

/**
 * The terminal's link history after one link event (of revision `revision`
 * in the terminal's link stream), or null when the event was applied already.
 */
export function applyLinkEvent(
  current: TerminalLinks | null,
  terminalKey: string,
  event: LinkCreated | LinkRemoved,
  revision: number,
): TerminalLinks | null {
  const version = revision + 1;
  if (current && current.version >= version) return null;
  const links = [...(current?.links ?? [])];
  if (event.type === 'LinkCreated.v1') {
    const d = event.data;
    if (!links.some((l) => l.linkId === d.linkId)) {
      links.push({ linkId: d.linkId, ownerId: d.ownerId, cameraId: d.cameraId, from: d.at, to: null });
    }
  } else {
    const d = event.data;
    const at = links.findIndex((l) => l.linkId === d.linkId);
    if (at < 0) throw new Error(`LinkRemoved of link ${d.linkId} of ${terminalKey}, whose LinkCreated was not seen`);
    links[at] = { ...links[at], to: links[at].to ?? d.at };
  }
  return { id: terminalKey, version, terminalKey, links };
}

/**
 * The link in force at `at`: created at or before it, not removed by then
 * (`from <= at < to`). A relink at 12:00:00 gives 11:59:59 the old camera and
 * 12:00:00 the new one, as the join decides.
 */
export function linkAt(history: TerminalLinks | null, at: string): LinkInterval | null {
  const t = Date.parse(at);
  let found: LinkInterval | null = null;
  for (const l of history?.links ?? []) {
    if (Date.parse(l.from) <= t && (l.to === null || t < Date.parse(l.to))) found = l;
  }
  return found;
}
