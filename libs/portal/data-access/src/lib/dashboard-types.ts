/**
 * The dashboard's part of the HTTP API, as the portal reads it: the day's
 * transactions of a camera with their pictures, the thumbnails, the
 * camera's picture at a time, its timeline and the live stream. Every
 * path, query parameter, field and event name the portal relies on is
 * here and nowhere else (see docs/api.md, "Dashboard"), so aligning the
 * portal with the API is a change to this file alone. Times are ISO 8601
 * strings (UTC); amounts are yen.
 */

/** The paths and parameters, as the API names them. */
export const DASHBOARD_API = {
  transactions: '/api/transactions',
  /** The query parameters of `GET /api/transactions`, by the portal's name for them. */
  transactionParams: {
    cameraId: 'cameraId',
    date: 'date',
    kind: 'kind',
    q: 'q',
    cursor: 'cursor',
    limit: 'limit',
    unlinked: 'unlinked',
  },
  picture: (cameraId: string): string => `/api/cameras/${encodeURIComponent(cameraId)}/picture`,
  pictureAt: 'at',
  timeline: (cameraId: string): string => `/api/cameras/${encodeURIComponent(cameraId)}/timeline`,
  timelineParams: { from: 'from', to: 'to' },
  stream: '/api/stream',
  /** The names of the stream's server-sent events (`event:` lines) the portal acts on. */
  streamEvents: { row: 'row', picture: 'picture', link: 'link', reset: 'reset', logout: 'logout' },
} as const;

/** What a POS transaction was: 支払い, キャンセル, 修正, 削除. */
export type TransactionKind = 'payment' | 'cancel' | 'modify' | 'delete';

export const TRANSACTION_KINDS: readonly TransactionKind[] = ['payment', 'cancel', 'modify', 'delete'];

/**
 * A transaction's picture: the thumbnailer is still on it (`pending`), it
 * is there (`ready`, 320×180 at `url`, 640×360 at `url2x`), there is none
 * (`none`: the camera was dark, nothing recorded, no frame…) or it could
 * not be made (`failed`), each with a reason code (`camera_dark`,
 * `not_recorded`, `no_frame`, `not_found`, `camera_refused`,
 * `camera_unavailable`, `corrupt_image`, `image_too_large`);
 * `not_linked`: no camera covered the register at that time.
 */
export type TransactionPicture =
  | { state: 'pending' }
  | { state: 'ready'; url: string; url2x: string; width: number; height: number; frameAt: string }
  | { state: 'none' | 'failed'; reason: string; detail: string | null }
  | { state: 'not_linked' };

export type PictureState = TransactionPicture['state'];

/** What became of a transaction: still as rung up, or cancelled / modified / deleted by a later row. */
export type LifecycleStatus = 'active' | 'cancelled' | 'modified' | 'deleted';

/** One row of the day list (the manual's 合計 / 預り / お釣り, レシートNo, レジ, 担当, the thumbnail). */
export type DashboardTransaction = {
  transactionKey: string;
  transactionId: string;
  provider: string;
  contractId: string;
  kind: TransactionKind;
  /** The register's time of the transaction. */
  occurredAt: string;
  /** The store day it belongs to (`YYYY-MM-DD`, Japan time). */
  storeDay: string;
  total: number;
  deposit: number;
  change: number;
  currency: string;
  receiptNo: string;
  register: { terminalId: string; name: string | null };
  staff: { id: string; name: string } | null;
  /** Whether a camera covered the register at that time. */
  linked: boolean;
  cameraId: string | null;
  linkId: string | null;
  picture: TransactionPicture;
  lifecycle: {
    status: LifecycleStatus;
    /** For a cancel, modification or deletion: the transaction it refers to. */
    original: { transactionKey: string; transactionId: string } | null;
    /** The cancels, modifications and deletions of this transaction. */
    changes: { transactionKey: string; kind: string; occurredAt: string }[];
  };
};

/** A kind's part of a day: how many rows and their sums. */
export type KindTotal = { count: number; total: number; deposit: number; change: number };

export type TransactionsQuery = {
  cameraId?: string;
  /** A day in the store's time zone (Japan), `YYYY-MM-DD`. */
  date?: string;
  /** One or several kinds; none: every kind. */
  kind?: TransactionKind[];
  /** Matches the receipt number, the register (terminal id or name) or the staff. */
  q?: string;
  cursor?: string;
  limit?: number;
  /** The transactions of registers no camera covered (without `cameraId`). */
  unlinked?: boolean;
};

export type TransactionsPage = {
  day: string;
  cameraId: string | null;
  unlinked: boolean;
  transactions: DashboardTransaction[];
  nextCursor: string | null;
  /** The day's totals per kind (of the whole day, whatever the filter and the page). */
  totals: Record<TransactionKind, KindTotal>;
};

/** A time span, `[from, to)`. */
export type Period = { from: string; to: string };

export type TimelineMarker = { at: string; kind: TransactionKind; transactionKey: string };

/** A camera's range: what was recorded, when it was dark, and a marker per transaction. */
export type CameraTimeline = {
  cameraId: string;
  from: string;
  to: string;
  zoom: '72H' | '24H' | '6H' | '1H' | '10M';
  resolutionMs: number;
  clockOffsetMs: number;
  recorded: Period[];
  dark: Period[];
  /** Each transaction, up to 1000; beyond that empty and `markerSlots` counts them. */
  markers: TimelineMarker[];
  markerSlots: { from: string; counts: Record<TransactionKind, number> }[] | null;
  markersTruncated: boolean;
};

/** A link that began or ended (as the stream tells it). */
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

/**
 * What the stream tells: a new or changed row, a row's picture, a changed
 * link; `reset`: the stream could not resume, reload the list; `logout`:
 * the session ended.
 */
export type DashboardEvent =
  | { type: 'row'; id: string | null; transaction: DashboardTransaction }
  | { type: 'picture'; id: string | null; transactionKey: string; cameraId: string | null; picture: TransactionPicture }
  | { type: 'link'; id: string | null; link: LinkChange }
  | { type: 'reset'; id: string | null }
  | { type: 'logout'; id: string | null };
