/**
 * What the dashboard's components read of the API's rows, in the API's
 * own names and shapes (`@regicam/portal/data-access`, dashboard-types.ts,
 * is where the API is described): each type here is the part of the
 * API's type a component shows, so the page hands the API's rows to the
 * components as they come and the compiler checks that they fit.
 */

export type SaleKind = 'payment' | 'cancel' | 'modify' | 'delete';

/** The kinds in the manual's order: 支払い, キャンセル, 修正, 削除. */
export const SALE_KINDS: readonly SaleKind[] = ['payment', 'cancel', 'modify', 'delete'];

/** A row's picture: pending, ready (1x and 2x), none or failed with a reason code, or no camera covered it. */
export type PictureView =
  | { state: 'pending' }
  | { state: 'ready'; url: string; url2x: string }
  | { state: 'none' | 'failed'; reason: string }
  | { state: 'not_linked' };

export type SaleView = {
  transactionKey: string;
  transactionId: string;
  /** The register's time. */
  occurredAt: string;
  kind: SaleKind;
  total: number | null;
  deposit: number | null;
  change: number | null;
  receiptNo: string | null;
  register: { terminalId: string; name: string | null };
  staff: { name: string } | null;
  picture: PictureView;
  lifecycle: {
    status: 'active' | 'cancelled' | 'modified' | 'deleted';
    /** The transaction a cancel, modification or deletion refers to. */
    original: { transactionKey: string; transactionId: string } | null;
    /** What cancelled, modified or deleted this transaction. */
    changes: readonly { transactionKey: string; kind: string; occurredAt: string }[];
  };
};

/** A time span `[from, to)`, ISO 8601. */
export type Span = { from: string; to: string };

export type MarkerView = { at: string; kind: SaleKind; transactionKey: string };
