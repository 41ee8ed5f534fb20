import type { LinkCreated, LinkRemoved, PosProvider, Region } from '@regicam/domain';
import type { StoredEvent, EventFilter } from '@regicam/event-store';
import type { IndexSpec, ReadDocument, Write } from '@regicam/read-store';

/** Which register, whose, which camera and part of the picture: in both link documents. */
type LinkPlacement = {
  ownerId: string;
  provider: PosProvider;
  contractId: string;
  terminalId: string;
  /** provider:contractId:terminalId, to find a terminal's links in one equality. */
  terminalKey: string;
  cameraId: string;
  region: Region | null;
};

/** A link, current or ended: one document per link id. */
export type LinkDocument = ReadDocument &
  LinkPlacement & {
    status: 'active' | 'removed';
    createdAt: string;
    createdBy: string;
    removedAt: string | null;
    removedBy: string | null;
    removedReason: string | null;
  };

/** One link event, as the audit trail shows it: one document per event. */
export type LinkHistoryEntry = ReadDocument &
  LinkPlacement & {
    eventType: 'LinkCreated' | 'LinkRemoved';
    linkId: string;
    reason: string | null;
    actor: string;
    at: string;
    streamName: string;
    revision: number;
  };

export type LinkCollections = { links: string; history: string };

export const LINK_COLLECTIONS: LinkCollections = { links: 'links', history: 'link_history' };

export const LINK_INDEXES: Record<keyof LinkCollections, IndexSpec[]> = {
  links: [
    {
      fields: [
        ['ownerId', 1],
        ['status', 1],
        ['createdAt', 1],
      ],
    },
    { fields: [['terminalKey', 1]] },
  ],
  history: [
    {
      fields: [
        ['ownerId', 1],
        ['at', 1],
      ],
    },
    {
      fields: [
        ['terminalKey', 1],
        ['at', 1],
      ],
    },
    {
      fields: [
        ['cameraId', 1],
        ['at', 1],
      ],
    },
  ],
};

/** The events the link read model is made of: the terminal link streams. */
export const LINK_EVENT_FILTER: EventFilter = { streamPrefixes: ['link-'] };

export const terminalKey = (t: { provider: string; contractId: string; terminalId: string }) =>
  `${t.provider}:${t.contractId}:${t.terminalId}`;

/** Reads a document as the projection's batch so far has left it. */
export type ProjectionLookup = <T extends ReadDocument>(collection: string, id: string) => Promise<T | null>;

/**
 * The read model writes for one stored link event. Versions come from the
 * stream revision, so replaying an event (at-least-once delivery) never
 * moves a document backwards. Other event types give no writes.
 */
export async function projectLinkEvent(
  event: StoredEvent,
  lookup: ProjectionLookup,
  names: LinkCollections = LINK_COLLECTIONS,
): Promise<Write[]> {
  if (event.type !== 'LinkCreated.v1' && event.type !== 'LinkRemoved.v1') return [];
  const version = event.revision + 1;
  const data = event.data as LinkCreated['data'] | LinkRemoved['data'];
  const history: LinkHistoryEntry = {
    id: event.id,
    version: 1,
    eventType: event.type === 'LinkCreated.v1' ? 'LinkCreated' : 'LinkRemoved',
    linkId: data.linkId,
    ownerId: data.ownerId,
    provider: data.provider,
    contractId: data.contractId,
    terminalId: data.terminalId,
    terminalKey: terminalKey(data),
    cameraId: data.cameraId,
    region: 'region' in data ? data.region : null,
    reason: 'reason' in data ? data.reason : null,
    actor: data.actor,
    at: data.at,
    streamName: event.streamName,
    revision: event.revision,
  };
  const historyWrite: Write = { collection: names.history, op: 'upsert', doc: history };
  if (event.type === 'LinkCreated.v1') {
    const created = data as LinkCreated['data'];
    const link: LinkDocument = {
      id: created.linkId,
      version,
      ownerId: created.ownerId,
      provider: created.provider,
      contractId: created.contractId,
      terminalId: created.terminalId,
      terminalKey: terminalKey(created),
      cameraId: created.cameraId,
      region: created.region,
      status: 'active',
      createdAt: created.at,
      createdBy: created.actor,
      removedAt: null,
      removedBy: null,
      removedReason: null,
    };
    return [{ collection: names.links, op: 'upsert', doc: link }, historyWrite];
  }
  const removed = data as LinkRemoved['data'];
  const link = await lookup<LinkDocument>(names.links, removed.linkId);
  if (!link) {
    throw new Error(
      `LinkRemoved for link ${removed.linkId} whose LinkCreated was never projected (${event.streamName}@${event.revision})`,
    );
  }
  const ended: LinkDocument = {
    ...link,
    version,
    status: 'removed',
    removedAt: removed.at,
    removedBy: removed.actor,
    removedReason: removed.reason,
  };
  return [{ collection: names.links, op: 'upsert', doc: ended }, historyWrite];
}
