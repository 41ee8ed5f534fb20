/**
 * The dashboard's part of the HTTP API, as the portal reads it: the day's
 * transactions of a camera with their pictures, the thumbnails, the
 * camera's picture at a time, its timeline and the live stream. Every
 * path, query parameter, field and event name the portal relies on is
 * here and nowhere else, so aligning the portal with the API is a change
 * to this file alone. Times are ISO 8601 strings; amounts are yen.
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
  thumbnail: (transactionKey: string, density: ThumbnailDensity): string =>
    `/api/thumbnails/${encodeURIComponent(transactionKey)}${density === '2x' ? '/2x' : ''}`,
  picture: (cameraId: string): string => `/api/cameras/${encodeURIComponent(cameraId)}/picture`,
  pictureAt: 'at',
  timeline: (cameraId: string): string => `/api/cameras/${encodeURIComponent(cameraId)}/timeline`,
  timelineParams: { from: 'from', to: 'to' },
  stream: '/api/stream',
  /** The names of the stream's server-sent events (`event:` lines). */
  streamEvents: { transaction: 'transaction', picture: 'picture', link: 'link' },
} as const;

/** What a POS transaction was: 支払い, キャンセル, 修正, 削除. */
export type TransactionKind = 'payment' | 'cancel' | 'modify' | 'delete';

export const TRANSACTION_KINDS: readonly TransactionKind[] = ['payment', 'cancel', 'modify', 'delete'];

export type ThumbnailDensity = '1x' | '2x';

/**
 * Where a transaction's picture is: the thumbnailer is still on it
 * (`pending`), it is there (`ready`), there is none (`none`: no frame, the
 * camera was dark…) or it could not be made (`failed`), each with the
 * reason; `not_linked`: no camera covered the register at that time.
 */
export type PictureState = 'pending' | 'ready' | 'none' | 'failed' | 'not_linked';

export type TransactionPicture = {
  state: PictureState;
  /** The thumbnails (320×180 and 640×360) when ready. */
  urls: Record<ThumbnailDensity, string> | null;
  /** Why there is no picture, in words. */
  reason: string | null;
};

/** Another transaction of the same lifecycle: the original of a cancel, or the cancel of a payment. */
export type RelatedTransaction = { transactionKey: string; kind: TransactionKind; time: string };

/** One row of the day list. */
export type DashboardTransaction = {
  transactionKey: string;
  /** The register's time of the transaction. */
  time: string;
  kind: TransactionKind;
  total: number | null;
  deposit: number | null;
  change: number | null;
  receiptNo: string | null;
  /** The register: its terminal id or name. */
  register: string | null;
  staff: string | null;
  cameraId: string | null;
  picture: TransactionPicture;
  /** The original this cancel, modification or deletion refers to. */
  refersTo?: RelatedTransaction | null;
  /** The cancels, modifications and deletions of this transaction. */
  followedBy?: RelatedTransaction[];
};

export type KindTotal = { count: number; total: number };

export type TransactionsQuery = {
  cameraId?: string;
  /** A day in the store's time zone (Japan), `YYYY-MM-DD`. */
  date?: string;
  /** One or several kinds; none: every kind. */
  kind?: TransactionKind[];
  /** Matches the receipt number, the register or the staff. */
  q?: string;
  cursor?: string;
  limit?: number;
  /** The transactions of registers no camera covered. */
  unlinked?: boolean;
};

export type TransactionsPage = {
  transactions: DashboardTransaction[];
  nextCursor: string | null;
  /** The day's totals per kind (of the whole day, not of this page). */
  totals: Record<TransactionKind, KindTotal>;
};

/** A time span, `[from, to)`. */
export type Period = { from: string; to: string };

export type TimelineMarker = { time: string; kind: TransactionKind; transactionKey: string };

/** A camera's range: what was recorded, when it was dark, and a marker per transaction. */
export type CameraTimeline = {
  from: string;
  to: string;
  recorded: Period[];
  dark: Period[];
  markers: TimelineMarker[];
};

/** What the stream tells: a new row, a row's picture, a changed link. */
export type DashboardEvent =
  | { type: 'transaction'; id: string | null; transaction: DashboardTransaction }
  | { type: 'picture'; id: string | null; transactionKey: string; picture: TransactionPicture }
  | { type: 'link'; id: string | null; linkId: string; cameraId: string | null };
