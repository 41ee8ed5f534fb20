import { DomainError } from '../shared/domain-error';
import { checkTerminalRef, type PosProvider } from '../shared/pos';
import type { CommandMetadata, Decider } from '../shared/command';
import {
  TRANSACTION_KINDS,
  evolveTransaction,
  initialTransactionState,
  type TransactionEvent,
  type TransactionReceived,
  type TransactionState,
} from './transaction';

export type RecordTransaction = {
  type: 'RecordTransaction';
  data: Omit<TransactionReceived['data'], 'receivedAt' | 'actor'>;
  metadata: CommandMetadata;
};

/** The stream of one POS transaction. */
export function transactionStream(ref: { provider: PosProvider; contractId: string; transactionId: string }): string {
  return `transaction-${ref.provider}-${ref.contractId}-${ref.transactionId}`;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

function check(data: RecordTransaction['data']): void {
  checkTerminalRef(data);
  const invalid = (field: string, message: string) => new DomainError('invalid_input', message, field);
  if (!/^[A-Za-z0-9_.:#@]{1,100}$/.test(data.transactionId)) {
    throw invalid('transactionId', 'transactionId must be 1 to 100 letters, digits or _ . : # @');
  }
  if (!(TRANSACTION_KINDS as readonly string[]).includes(data.kind)) {
    throw invalid('kind', `kind must be one of ${TRANSACTION_KINDS.join(', ')}`);
  }
  if (!ISO_TIME.test(data.occurredAt) || Number.isNaN(Date.parse(data.occurredAt))) {
    throw invalid('occurredAt', 'occurredAt must be an ISO 8601 time with its zone');
  }
  for (const field of ['total', 'deposit', 'change'] as const) {
    if (typeof data[field] !== 'number' || !Number.isFinite(data[field])) {
      throw invalid(field, `${field} must be a number`);
    }
  }
  if (!/^[A-Z]{3}$/.test(data.currency)) throw invalid('currency', 'currency must be an ISO 4217 code such as JPY');
}

export function decideTransaction(command: RecordTransaction, state: TransactionState): TransactionEvent[] {
  switch (command.type) {
    case 'RecordTransaction': {
      // The same POS transaction delivered again (a poll and a push, a retry) is recorded once.
      if (state.status === 'recorded') return [];
      check(command.data);
      return [
        {
          type: 'TransactionReceived.v1',
          data: {
            ...command.data,
            occurredAt: new Date(command.data.occurredAt).toISOString(),
            receivedAt: command.metadata.at,
            actor: command.metadata.actor,
          },
        },
      ];
    }
    default: {
      const unknown: never = command.type;
      throw new Error(`unknown command ${String(unknown)}`);
    }
  }
}

export const transactionDecider: Decider<RecordTransaction, TransactionEvent, TransactionState> = {
  decide: decideTransaction,
  evolve: evolveTransaction,
  initialState: initialTransactionState,
};
