import { fieldProblems, problemsText } from '@regicam/util';
import type { PosTransaction, RejectedRow } from '@regicam/pos';
import { z } from 'zod';

/** The parts of Ubiregi's account (`GET /accounts/current`) the connector uses. */
export type UbiregiAccount = {
  id: string;
  name: string;
  timezone: string;
  dateOffset: number;
  currency: string;
  cashiers: { id: string; name: string }[];
  childIds: string[];
};

/**
 * Which register a checkout was made on. Ubiregi's public documentation
 * names no register field (端末ID), so this is configuration:
 * - `account` (the default): one terminal per account, its id the account id;
 * - `field`: the checkout field that names the register (the simulator
 *   writes `device_id`, an ASSUMPTION), each value mapped to a terminal.
 *   A value not in the list is rejected with its reason, never guessed.
 */
export type TerminalMapping =
  | { by: 'account' }
  | {
      by: 'field';
      field: string;
      /** `value`: what the field holds, when it differs from `terminalId` (which has no dashes or spaces). */
      terminals: { terminalId: string; name: string; value?: string }[];
    };

export type MappedCheckout = { ok: true; transactions: PosTransaction[] } | { ok: false; rejected: RejectedRow };

const Id = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).transform(String);
const AMOUNT = 'must be a decimal string such as "385.0"';
const Amount = z
  .string({ error: AMOUNT })
  .regex(/^-?\d+(\.\d+)?$/, AMOUNT)
  .transform(Number);
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const Time = z.string().refine((t) => ISO_TIME.test(t) && !Number.isNaN(Date.parse(t)), {
  message: 'must be an ISO 8601 time with its zone',
});

const Checkout = z.object({
  id: Id,
  account_id: Id,
  paid_at: Time.nullish(),
  price: Amount,
  change: Amount,
  status: z.enum(['close', 'open', 'cancel', 'deleted'], { error: 'must be close, open, cancel or deleted' }),
  cashier_id: Id.nullish(),
  payments: z.array(z.object({ payment_type_id: Id, amount: Amount })),
  updated_at: Time,
});

export const AccountAnswer = z.object({
  account: z.object({
    id: Id,
    name: z.string(),
    timezone: z.string(),
    date_offset: z.number().int(),
    currency: z.string().optional(),
    cashiers: z.array(z.object({ id: Id, name: z.string() })),
    child_ids: z.array(Id).optional(),
    children: z.array(Id).optional(),
  }),
});

export function toAccount(answer: z.infer<typeof AccountAnswer>): UbiregiAccount {
  const a = answer.account;
  return {
    id: a.id,
    name: a.name,
    timezone: a.timezone,
    dateOffset: a.date_offset,
    currency: a.currency && /^[A-Z]{3}$/.test(a.currency) ? a.currency : 'JPY',
    cashiers: a.cashiers.map((c) => ({ id: c.id, name: c.name })),
    childIds: a.child_ids ?? a.children ?? [],
  };
}

export function terminalsOf(account: UbiregiAccount, mapping: TerminalMapping): { terminalId: string; name: string }[] {
  return mapping.by === 'account'
    ? [{ terminalId: account.id, name: account.name }]
    : mapping.terminals.map(({ terminalId, name }) => ({ terminalId, name }));
}

function terminalOf(raw: Record<string, unknown>, account: UbiregiAccount, mapping: TerminalMapping): string | Error {
  if (mapping.by === 'account') return account.id;
  const value = raw[mapping.field];
  if (typeof value !== 'string' && typeof value !== 'number') {
    return new Error(`${mapping.field}: the register field is missing`);
  }
  const terminal = mapping.terminals.find((t) => (t.value ?? t.terminalId) === String(value));
  return terminal
    ? terminal.terminalId
    : new Error(`${mapping.field}: register "${String(value)}" is not in the terminal mapping`);
}

/**
 * One Ubiregi checkout as RegiCam transactions (docs/pos-ubiregi.md):
 * - `close` → a payment at `paid_at`;
 * - `cancel` (closed, then cancelled) → the payment, which did happen, and
 *   a cancel `<id>#cancel` at `updated_at` referring to it;
 * - `deleted` (deleted without closing) → a delete at `updated_at`;
 * - `open` → nothing yet: the checkout is still being rung up.
 * A row that does not fit is rejected with the reason, for the dead letters.
 */
export function mapCheckout(raw: unknown, account: UbiregiAccount, mapping: TerminalMapping): MappedCheckout {
  const reject = (reason: string): MappedCheckout => ({ ok: false, rejected: { raw, reason } });
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return reject('a checkout must be an object');
  const parsed = Checkout.safeParse(raw);
  if (!parsed.success) {
    return reject(problemsText(fieldProblems(parsed.error, 'checkout')));
  }
  const checkout = parsed.data;
  if (checkout.account_id !== account.id) {
    return reject(`account_id: ${checkout.account_id} is not the connected account ${account.id}`);
  }
  if (checkout.status === 'open') return { ok: true, transactions: [] };
  const terminalId = terminalOf(raw as Record<string, unknown>, account, mapping);
  if (terminalId instanceof Error) return reject(terminalId.message);
  const cashier = checkout.cashier_id ? account.cashiers.find((c) => c.id === checkout.cashier_id) : undefined;
  const base = {
    provider: 'ubiregi' as const,
    contractId: account.id,
    storeId: account.id,
    terminalId,
    receiptNo: checkout.id,
    total: checkout.price,
    deposit: checkout.payments.reduce((sum, p) => sum + p.amount, 0),
    change: checkout.change,
    currency: account.currency,
    staff: checkout.cashier_id ? { id: checkout.cashier_id, name: cashier?.name ?? checkout.cashier_id } : null,
  };
  if (checkout.status === 'deleted') {
    return {
      ok: true,
      transactions: [
        { ...base, transactionId: checkout.id, kind: 'delete', occurredAt: checkout.updated_at, refersTo: null },
      ],
    };
  }
  if (!checkout.paid_at) return reject(`paid_at: a ${checkout.status} checkout must have been paid`);
  const payment: PosTransaction = {
    ...base,
    transactionId: checkout.id,
    kind: 'payment',
    occurredAt: checkout.paid_at,
    refersTo: null,
  };
  if (checkout.status === 'close') return { ok: true, transactions: [payment] };
  return {
    ok: true,
    transactions: [
      payment,
      {
        ...base,
        transactionId: `${checkout.id}#cancel`,
        kind: 'cancel',
        occurredAt: checkout.updated_at,
        refersTo: checkout.id,
      },
    ],
  };
}
