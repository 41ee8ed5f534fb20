import type { TransactionReceived } from '@regicam/domain';
import type { IndexSpec, ReadDocument } from '@regicam/read-store';
import type { Lifecycle } from './lifecycle';
import type { FeedCollections, FeedEntry } from './owner-feed';

/**
 * One recorded POS transaction as the dashboard lists it (`transactions`,
 * id = the transaction key `<provider>:<contractId>:<transactionId>`): what
 * the POS said, the link valid at its register time (camera, owner), its
 * store day (Japan time) and its lifecycle. A projection: rebuilt from the
 * event store by `regicam replay`.
 */
export type TransactionDocument = ReadDocument &
  TransactionReceived['data'] & {
    terminalKey: string;
    /** `<provider>:<contractId>`: whose registers, for the unlinked list. */
    contractKey: string;
    /** The register time's day in Japan (`YYYY-MM-DD`). */
    storeDay: string;
    /** Whether a link held at the register time; the fields below are null when not. */
    linked: boolean;
    ownerId: string | null;
    cameraId: string | null;
    linkId: string | null;
    /** The key of the transaction this one cancels, modifies or deletes. */
    refersToKey: string | null;
    lifecycle: Lifecycle;
  };

/** A link taking or losing effect, as the owner's feed tells it. */
export type LinkChange = {
  linkId: string;
  terminalKey: string;
  provider: string;
  contractId: string;
  terminalId: string;
  cameraId: string;
  status: 'active' | 'removed';
  at: string;
};

export type TransactionFeedChange = { type: 'row'; row: TransactionDocument } | { type: 'link'; link: LinkChange };
export type TransactionFeedEntry = FeedEntry<TransactionFeedChange>;

export const TRANSACTIONS = 'transactions';
/** The link history per terminal, as the transactions projection knows it. */
export const TRANSACTION_LINKS = 'transaction_links';
export const TRANSACTION_LIFECYCLES = 'transaction_lifecycles';
export const TRANSACTION_DAY_TOTALS = 'transaction_day_totals';
export const TRANSACTION_FEED: FeedCollections = { entries: 'transaction_feed', heads: 'transaction_feed_heads' };

/** Paged by register time, newest first; each index ends with the sort and `id`. */
export const TRANSACTION_INDEXES: IndexSpec[] = [
  {
    fields: [
      ['terminalKey', 1],
      ['occurredAt', -1],
    ],
  },
  {
    fields: [
      ['contractId', 1],
      ['occurredAt', -1],
    ],
  },
  { fields: [['occurredAt', -1]] },
  // A camera's day, and its timeline's markers.
  {
    fields: [
      ['cameraId', 1],
      ['occurredAt', -1],
      ['id', -1],
    ],
  },
  // Every camera of an owner.
  {
    fields: [
      ['ownerId', 1],
      ['occurredAt', -1],
      ['id', -1],
    ],
  },
  // The unlinked registers of a contract.
  {
    fields: [
      ['contractKey', 1],
      ['linked', 1],
      ['occurredAt', -1],
      ['id', -1],
    ],
  },
];
