import type { TransactionKind } from '@regicam/domain';
import type { ReadDocument } from '@regicam/read-store';

/** A cancel, modification or deletion of a transaction, by the row that says so. */
export type LifecycleChange = { transactionKey: string; kind: Exclude<TransactionKind, 'payment'>; occurredAt: string };

export type LifecycleStatus = 'active' | 'cancelled' | 'modified' | 'deleted';

/** What became of a transaction: one lifecycle per transaction, from the rows that refer to it. */
export type Lifecycle = { status: LifecycleStatus; changes: LifecycleChange[] };

/**
 * The rows that refer to a transaction (`transaction_lifecycles`, id = the
 * original's key), kept also before the original itself is recorded (a
 * cancel read before its sale), so the original gets them when it comes.
 * `version` is the number of changes.
 */
export type LifecycleDocument = ReadDocument & { changes: LifecycleChange[] };

const STATUS: Record<LifecycleChange['kind'], LifecycleStatus> = {
  cancel: 'cancelled',
  modify: 'modified',
  delete: 'deleted',
};

const byTime = (a: LifecycleChange, b: LifecycleChange) =>
  a.occurredAt.localeCompare(b.occurredAt) || a.transactionKey.localeCompare(b.transactionKey);

/** The changes with one more, in time order; null when it is among them already. */
export function withChange(changes: readonly LifecycleChange[], change: LifecycleChange): LifecycleChange[] | null {
  if (changes.some((c) => c.transactionKey === change.transactionKey)) return null;
  return [...changes, change].sort(byTime);
}

/** The lifecycle the changes make: the latest decides the status. */
export function lifecycleOf(changes: readonly LifecycleChange[]): Lifecycle {
  const last = changes.at(-1);
  return { status: last ? STATUS[last.kind] : 'active', changes: [...changes] };
}
