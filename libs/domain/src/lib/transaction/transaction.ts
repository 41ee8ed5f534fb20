import type { PosProvider } from '../shared/pos';

export const TRANSACTION_KINDS = ['payment', 'cancel', 'modify', 'delete'] as const;
export type TransactionKind = (typeof TRANSACTION_KINDS)[number];

/** One POS transaction as RegiCam recorded it. Amounts are in the currency's main unit (yen). */
export type TransactionReceived = {
  type: 'TransactionReceived.v1';
  data: {
    /** The POS event's own id within its contract; one stream per id. */
    transactionId: string;
    provider: PosProvider;
    contractId: string;
    storeId: string;
    terminalId: string;
    receiptNo: string;
    kind: TransactionKind;
    /** The register's clock at the transaction (ISO 8601 UTC): the moment of the picture. */
    occurredAt: string;
    /** When RegiCam recorded it. */
    receivedAt: string;
    total: number;
    deposit: number;
    change: number;
    currency: string;
    staff: { id: string; name: string } | null;
    /** The transaction this one cancels, modifies or deletes, when the POS says so. */
    refersTo: string | null;
    actor: string;
  };
};

export type TransactionEvent = TransactionReceived;

export const TRANSACTION_EVENT_TYPES = ['TransactionReceived.v1'] as const;

export type TransactionState = { status: 'none' } | { status: 'recorded'; transactionId: string };

export const initialTransactionState = (): TransactionState => ({ status: 'none' });

export function evolveTransaction(state: TransactionState, event: TransactionEvent): TransactionState {
  switch (event.type) {
    case 'TransactionReceived.v1':
      return { status: 'recorded', transactionId: event.data.transactionId };
    default: {
      // A new event type must be handled above (this does not compile otherwise);
      // at run time an event of an unknown type leaves the state as it is.
      const unknown: never = event.type;
      void unknown;
      return state;
    }
  }
}
