import { TRANSACTION_KINDS } from '@regicam/domain';
import { z } from 'zod';
import { Id, Provider, TerminalKey, Time, TransactionKey, says, terminalKey, transactionKey } from '../schema';

const amount = z.number(says('must be a number'));

export const TransactionReceivedRecord = z
  .strictObject({
    type: z.literal('TransactionReceived'),
    eventId: Id.describe('The event store id of the event; the record id.'),
    transactionKey: TransactionKey.describe('<provider>:<contractId>:<transactionId>'),
    terminalKey: TerminalKey.describe('<provider>:<contractId>:<terminalId>; the record key.'),
    transactionId: Id.describe("The POS transaction's own id within its contract."),
    provider: Provider,
    contractId: Id,
    storeId: Id,
    terminalId: Id,
    receiptNo: z.string(says('must be a string')),
    kind: z.enum(TRANSACTION_KINDS, says(`must be one of ${TRANSACTION_KINDS.join(', ')}`)),
    occurredAt: Time.describe("The register's clock at the sale: the moment of the picture."),
    receivedAt: Time.describe('When RegiCam recorded it.'),
    total: amount.describe("In the currency's main unit (yen)."),
    deposit: amount,
    change: amount,
    currency: z.string(says('must be a string')).regex(/^[A-Z]{3}$/, says('must be an ISO 4217 code such as JPY')),
    staff: z
      .strictObject({ id: z.string(says('must be a string')), name: z.string(says('must be a string')) })
      .nullable(),
    refersTo: Id.nullable().describe('The transaction id this one cancels, modifies or deletes; null for none.'),
    actor: Id.describe('Who recorded it, e.g. system:smaregi-poller.'),
  })
  .superRefine((value, ctx) => {
    const keys = [
      ['terminalKey', terminalKey(value)],
      ['transactionKey', transactionKey(value)],
    ] as const;
    for (const [field, expected] of keys) {
      if (value[field] !== expected) ctx.addIssue({ code: 'custom', path: [field], message: `must be ${expected}` });
    }
  })
  .meta({
    id: 'TransactionReceived',
    description: 'A POS transaction (payment, cancel, modify, delete) as RegiCam recorded it (TransactionReceived.v1).',
  });
export type TransactionReceivedRecord = z.infer<typeof TransactionReceivedRecord>;

/** The value of regicam.transactions.v1. */
export const TransactionsValue = z.discriminatedUnion('type', [TransactionReceivedRecord]);
export type TransactionsValue = z.infer<typeof TransactionsValue>;
