import type { LinkCreated, LinkRemoved, TransactionReceived } from '@regicam/domain';
import type { Lookup, Projection } from '@regicam/event-sourcing';
import type { StoredEvent } from '@regicam/event-store';
import type { Write } from '@regicam/read-store';
import { cameraDayId, countRow, unlinkedDayId, type DayTotals } from './day-totals';
import { lifecycleOf, withChange, type LifecycleChange, type LifecycleDocument } from './lifecycle';
import { applyLinkEvent, linkAt, type TerminalLinks } from './link-intervals';
import { FEED_INDEXES, feedWrites } from './owner-feed';
import { storeDayOf } from './store-day';
import {
  TRANSACTIONS,
  TRANSACTION_DAY_TOTALS,
  TRANSACTION_FEED,
  TRANSACTION_INDEXES,
  TRANSACTION_LIFECYCLES,
  TRANSACTION_LINKS,
  type TransactionDocument,
  type TransactionFeedChange,
} from './transaction-read-model';

const keyOf = (d: { provider: string; contractId: string }, id: string) => `${d.provider}:${d.contractId}:${id}`;

/**
 * The transactions read model, from the event store in log order:
 * - link events keep each terminal's link history (`transaction_links`), so
 *   a sale gets the link valid at its register time, decided from the same
 *   history the join decides from;
 * - a transaction becomes one row (written once), with its camera, owner,
 *   store day and lifecycle; a cancel, modification or deletion also
 *   changes the lifecycle of the row it refers to (`transaction_lifecycles`
 *   keeps it when the original comes later);
 * - the day's totals per kind (`transaction_day_totals`);
 * - each owner's feed of changes (`transaction_feed`), for live updates.
 * Every write can be applied twice: rows are created once, totals and
 * lifecycles are sets keyed by transaction, link histories carry their
 * stream revision; within an event the feed comes first and the row last
 * (see `feedWrites`).
 */
export function transactionProjection(): Projection {
  return {
    name: 'transactions',
    filter: { eventTypes: ['TransactionReceived.v1', 'LinkCreated.v1', 'LinkRemoved.v1'] },
    collections: [
      { name: TRANSACTIONS, indexes: { indexes: TRANSACTION_INDEXES } },
      { name: TRANSACTION_LINKS, indexes: {} },
      { name: TRANSACTION_LIFECYCLES, indexes: {} },
      { name: TRANSACTION_DAY_TOTALS, indexes: {} },
      { name: TRANSACTION_FEED.entries, indexes: { indexes: FEED_INDEXES } },
      { name: TRANSACTION_FEED.heads, indexes: {} },
    ],
    project: (event, lookup) => {
      switch (event.type) {
        case 'TransactionReceived.v1':
          return projectTransaction(event, lookup);
        case 'LinkCreated.v1':
        case 'LinkRemoved.v1':
          return projectLink(event, lookup);
        default:
          return Promise.resolve([]);
      }
    },
  };
}

async function projectLink(event: StoredEvent, lookup: Lookup): Promise<Write[]> {
  const link = { type: event.type, data: event.data } as LinkCreated | LinkRemoved;
  const d = link.data;
  const terminalKey = keyOf(d, d.terminalId);
  const next = applyLinkEvent(
    await lookup<TerminalLinks>(TRANSACTION_LINKS, terminalKey),
    terminalKey,
    link,
    event.revision,
  );
  if (!next) return [];
  const change: TransactionFeedChange = {
    type: 'link',
    link: {
      linkId: d.linkId,
      terminalKey,
      provider: d.provider,
      contractId: d.contractId,
      terminalId: d.terminalId,
      cameraId: d.cameraId,
      status: link.type === 'LinkCreated.v1' ? 'active' : 'removed',
      at: d.at,
    },
  };
  return [
    ...(await feedWrites(TRANSACTION_FEED, lookup, d.ownerId, event.recordedAt, [change])),
    { collection: TRANSACTION_LINKS, op: 'upsert', doc: next },
  ];
}

async function projectTransaction(event: StoredEvent, lookup: Lookup): Promise<Write[]> {
  const data = event.data as TransactionReceived['data'];
  const key = keyOf(data, data.transactionId);
  // 1. Recorded once: a row already there means this event was projected.
  if (await lookup(TRANSACTIONS, key)) return [];
  // 2. The link valid at the register time.
  const terminalKey = keyOf(data, data.terminalId);
  const link = linkAt(await lookup<TerminalLinks>(TRANSACTION_LINKS, terminalKey), data.occurredAt);
  const earlier = (await lookup<LifecycleDocument>(TRANSACTION_LIFECYCLES, key))?.changes ?? [];
  const refersToKey = data.refersTo ? keyOf(data, data.refersTo) : null;
  const row: TransactionDocument = {
    ...data,
    id: key,
    version: 1,
    terminalKey,
    contractKey: `${data.provider}:${data.contractId}`,
    storeDay: storeDayOf(data.occurredAt),
    linked: link !== null,
    ownerId: link?.ownerId ?? null,
    cameraId: link?.cameraId ?? null,
    linkId: link?.linkId ?? null,
    refersToKey,
    lifecycle: lifecycleOf(earlier),
  };
  const writes: Write[] = [];
  const changed: TransactionDocument[] = [row];
  // 3. A cancel, modification or deletion changes its original's lifecycle.
  if (data.kind !== 'payment' && refersToKey) {
    const change: LifecycleChange = { transactionKey: key, kind: data.kind, occurredAt: data.occurredAt };
    const known = (await lookup<LifecycleDocument>(TRANSACTION_LIFECYCLES, refersToKey))?.changes ?? [];
    const changes = withChange(known, change);
    if (changes) {
      const doc: LifecycleDocument = { id: refersToKey, version: changes.length, changes };
      writes.push({ collection: TRANSACTION_LIFECYCLES, op: 'upsert', doc });
    }
    const original = await lookup<TransactionDocument>(TRANSACTIONS, refersToKey);
    const originalChanges = original ? withChange(original.lifecycle.changes, change) : null;
    if (original && originalChanges) {
      const updated = { ...original, version: original.version + 1, lifecycle: lifecycleOf(originalChanges) };
      writes.push({ collection: TRANSACTIONS, op: 'upsert', doc: updated });
      changed.push(updated);
    }
  }
  // 4. The day's totals of its camera, or of its contract's unlinked registers.
  const totalsId = row.cameraId
    ? cameraDayId(row.cameraId, row.storeDay)
    : unlinkedDayId(row.contractKey, row.storeDay);
  const totals = countRow(
    await lookup<DayTotals>(TRANSACTION_DAY_TOTALS, totalsId),
    {
      id: totalsId,
      scope: row.cameraId ? 'camera' : 'unlinked',
      cameraId: row.cameraId,
      contractKey: row.cameraId ? null : row.contractKey,
      storeDay: row.storeDay,
    },
    { key, kind: data.kind, total: data.total, deposit: data.deposit, change: data.change },
  );
  if (totals) writes.push({ collection: TRANSACTION_DAY_TOTALS, op: 'upsert', doc: totals });
  // 5. The owners' feeds first, the new row last.
  const feeds: Write[] = [];
  for (const ownerId of new Set(changed.map((r) => r.ownerId))) {
    if (ownerId === null) continue;
    const rows = changed
      .filter((r) => r.ownerId === ownerId)
      .map((r): TransactionFeedChange => ({ type: 'row', row: r }));
    feeds.push(...(await feedWrites(TRANSACTION_FEED, lookup, ownerId, event.recordedAt, rows)));
  }
  return [...feeds, ...writes, { collection: TRANSACTIONS, op: 'upsert', doc: row }];
}
