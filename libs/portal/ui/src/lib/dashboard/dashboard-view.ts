/**
 * What the dashboard's components show, in the API's own names
 * (`@regicam/portal/data-access`, dashboard-types.ts): the page hands the
 * API's rows to these components as they come, and the compiler checks
 * that they fit.
 */

export type SaleKind = 'payment' | 'cancel' | 'modify' | 'delete';

/** The kinds in the manual's order: 支払い, キャンセル, 修正, 削除. */
export const SALE_KINDS: readonly SaleKind[] = ['payment', 'cancel', 'modify', 'delete'];

export type PictureView = {
  state: 'pending' | 'ready' | 'none' | 'failed' | 'not_linked';
  urls: { '1x': string; '2x': string } | null;
  reason: string | null;
};

export type RelatedSale = { transactionKey: string; kind: SaleKind; time: string };

export type SaleView = {
  transactionKey: string;
  time: string;
  kind: SaleKind;
  total: number | null;
  deposit: number | null;
  change: number | null;
  receiptNo: string | null;
  register: string | null;
  staff: string | null;
  picture: PictureView;
  refersTo?: RelatedSale | null;
  followedBy?: RelatedSale[];
};

/** A time span `[from, to)`, ISO 8601. */
export type Span = { from: string; to: string };

export type MarkerView = { time: string; kind: SaleKind; transactionKey: string };
