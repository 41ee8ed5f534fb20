import type { TransactionDocument, LifecycleStatus } from '@regicam/transactions';
import { storeClockText } from '@regicam/transactions';
import type { PictureDocument } from '../projections/picture-projection';

/** A transaction's picture as the portal shows it beside the row. */
export type PictureView =
  | { state: 'pending' }
  | { state: 'ready'; url: string; url2x: string; width: number; height: number; frameAt: string }
  | { state: 'none' | 'failed'; reason: string; detail: string | null }
  | { state: 'not_linked' };

/** One row of the day list (the seed's 合計 / 預り / お釣り, レシートNo, レジ, 担当, the thumbnail). */
export type TransactionView = {
  transactionKey: string;
  transactionId: string;
  provider: string;
  contractId: string;
  storeId: string;
  kind: TransactionDocument['kind'];
  /** The register time, ISO 8601 UTC. */
  occurredAt: string;
  /** The same in Japan time as the store reads it: `2019/02/21 11:22:17`. */
  occurredAtJst: string;
  storeDay: string;
  receivedAt: string;
  total: number;
  deposit: number;
  change: number;
  currency: string;
  receiptNo: string;
  register: { terminalId: string; name: string | null };
  staff: { id: string; name: string } | null;
  linked: boolean;
  cameraId: string | null;
  linkId: string | null;
  picture: PictureView;
  lifecycle: {
    status: LifecycleStatus;
    /** For a cancel, modification or deletion: the transaction it refers to. */
    original: { transactionKey: string; transactionId: string } | null;
    changes: { transactionKey: string; kind: string; occurredAt: string }[];
  };
};

export const thumbnailPath = (transactionKey: string, size: '1x' | '2x') =>
  `/api/thumbnails/${encodeURIComponent(transactionKey)}${size === '2x' ? '/2x' : ''}`;

export function pictureView(picture: PictureDocument | null | undefined): PictureView {
  if (!picture) return { state: 'pending' };
  switch (picture.state) {
    case 'ready':
      return {
        state: 'ready',
        url: thumbnailPath(picture.transactionKey, '1x'),
        url2x: thumbnailPath(picture.transactionKey, '2x'),
        width: picture.width ?? 0,
        height: picture.height ?? 0,
        frameAt: picture.frameAt ?? picture.createdAt,
      };
    case 'none':
    case 'failed':
      return { state: picture.state, reason: picture.reason ?? 'unknown', detail: picture.detail };
    case 'not_linked':
      return { state: 'not_linked' };
    default: {
      const unknown: never = picture.state;
      throw new Error(`unknown picture state ${String(unknown)}`);
    }
  }
}

export function transactionView(
  doc: TransactionDocument,
  picture: PictureDocument | null | undefined,
  terminalName: string | null,
): TransactionView {
  return {
    transactionKey: doc.id,
    transactionId: doc.transactionId,
    provider: doc.provider,
    contractId: doc.contractId,
    storeId: doc.storeId,
    kind: doc.kind,
    occurredAt: doc.occurredAt,
    occurredAtJst: storeClockText(doc.occurredAt),
    storeDay: doc.storeDay,
    receivedAt: doc.receivedAt,
    total: doc.total,
    deposit: doc.deposit,
    change: doc.change,
    currency: doc.currency,
    receiptNo: doc.receiptNo,
    register: { terminalId: doc.terminalId, name: terminalName },
    staff: doc.staff,
    linked: doc.linked,
    cameraId: doc.cameraId,
    linkId: doc.linkId,
    picture: pictureView(picture),
    lifecycle: {
      status: doc.lifecycle.status,
      original:
        doc.refersToKey && doc.refersTo ? { transactionKey: doc.refersToKey, transactionId: doc.refersTo } : null,
      changes: doc.lifecycle.changes,
    },
  };
}
