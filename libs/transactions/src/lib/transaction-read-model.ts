import type { Projection } from '@regicam/event-sourcing';
import type { TransactionReceived } from '@regicam/domain';
import type { IndexSpec, ReadDocument } from '@regicam/read-store';

/** One recorded POS transaction, as the dashboard and the CLI list them. */
export type TransactionDocument = ReadDocument & TransactionReceived['data'] & { terminalKey: string };

export const TRANSACTIONS = 'transactions';

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
];

/** The transactions read model: one document per POS transaction, written once. */
export function transactionProjection(): Projection {
  return {
    name: 'transactions',
    filter: { eventTypes: ['TransactionReceived.v1'] },
    collections: [{ name: TRANSACTIONS, indexes: { indexes: TRANSACTION_INDEXES } }],
    project: async (event) => {
      if (event.type !== 'TransactionReceived.v1') return [];
      const data = event.data as TransactionReceived['data'];
      const doc: TransactionDocument = {
        ...data,
        id: `${data.provider}:${data.contractId}:${data.transactionId}`,
        version: 1,
        terminalKey: `${data.provider}:${data.contractId}:${data.terminalId}`,
      };
      return [{ collection: TRANSACTIONS, op: 'upsert', doc }];
    },
  };
}
