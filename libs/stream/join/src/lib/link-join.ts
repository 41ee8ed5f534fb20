import type { NoPicture, TransactionLinked, TransactionReceivedRecord } from '@regicam/contracts';
import type { LinkTable } from './link-table';

/** What stage 1 makes of a transaction: its link (re-keyed by camera), or "not linked" (final). */
export type LinkJoinResult = { kind: 'linked'; value: TransactionLinked } | { kind: 'not_linked'; value: NoPicture };

/**
 * Stage 1: a transaction meets the link of its terminal in force at its
 * `occurredAt` (the register's clock at the sale). Linked, it goes on to
 * the camera stage with `seenAt` (the grace period counts from it); not
 * linked, its outcome is `NoPicture` with the reason `not_linked`. Pure:
 * the time comes in as `now`.
 */
export function joinTransaction(transaction: TransactionReceivedRecord, links: LinkTable, now: Date): LinkJoinResult {
  const link = links.linkAt(transaction.terminalKey, transaction.occurredAt);
  if (!link) {
    return {
      kind: 'not_linked',
      value: {
        type: 'NoPicture',
        transactionKey: transaction.transactionKey,
        ownerId: null,
        cameraId: null,
        linkId: null,
        reason: 'not_linked',
        createdAt: now.toISOString(),
      },
    };
  }
  return {
    kind: 'linked',
    value: { type: 'TransactionLinked', transaction, link, seenAt: now.toISOString() },
  };
}
