import type { Lookup } from '@regicam/event-sourcing';
import type { IndexSpec, ReadDocument, Write } from '@regicam/read-store';

/**
 * A feed of changes per owner, written by one projection in the same
 * commits as the changes themselves, so that a process that does not run
 * the projection (the API) can follow them from the read store. Entries of
 * an owner carry an increasing sequence (`seq`, from 1, without gaps
 * within one writer), so a reader resumes after the last one it saw.
 *
 * Guarantees, given one writer per feed (a claimed projection):
 * 1. the head (the owner's last sequence) is written before the entry, and
 *    the entry before the change it announces: a store without transactions
 *    that stops half-way through a batch replays the batch, and the change
 *    is announced again (at least once), never lost;
 * 2. an owner keeps its last `keep` entries: writing entry n deletes entry
 *    n - keep, so the feed stays bounded and is the same after a replay.
 */
export type FeedCollections = { entries: string; heads: string };

export type FeedEntry<C> = ReadDocument & {
  ownerId: string;
  seq: number;
  /** When the change happened in its source (the event's or the record's time): orders two feeds. */
  at: string;
  changes: C[];
};

export type FeedHead = ReadDocument & { ownerId: string; seq: number };

/** Entries kept per owner: enough for a portal that was away for a while to resume without a reload. */
export const FEED_KEEP = 5000;

export const FEED_INDEXES: IndexSpec[] = [
  {
    fields: [
      ['ownerId', 1],
      ['seq', 1],
    ],
  },
];

/** Entry ids sort like their sequence. */
export const feedEntryId = (ownerId: string, seq: number) => `${ownerId}:${String(seq).padStart(12, '0')}`;

/** The writes that append one entry to the owner's feed (see the guarantees above). */
export async function feedWrites<C>(
  names: FeedCollections,
  lookup: Lookup,
  ownerId: string,
  at: string,
  changes: C[],
  keep = FEED_KEEP,
): Promise<Write[]> {
  const head = await lookup<FeedHead>(names.heads, ownerId);
  const seq = (head?.seq ?? 0) + 1;
  const next: FeedHead = { id: ownerId, version: seq, ownerId, seq };
  const entry: FeedEntry<C> = { id: feedEntryId(ownerId, seq), version: 1, ownerId, seq, at, changes };
  const writes: Write[] = [
    { collection: names.heads, op: 'upsert', doc: next },
    { collection: names.entries, op: 'upsert', doc: entry },
  ];
  if (seq > keep) writes.push({ collection: names.entries, op: 'delete', id: feedEntryId(ownerId, seq - keep) });
  return writes;
}
