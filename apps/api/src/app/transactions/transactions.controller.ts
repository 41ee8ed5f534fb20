import { Controller, Get, Inject, Query } from '@nestjs/common';
import type { Owner } from '@regicam/accounts';
import { LinkQueries } from '@regicam/links';
import { STORES, type Stores } from '@regicam/runtime';
import { TRANSACTIONS, TRANSACTION_INDEXES, type TransactionDocument } from '@regicam/transactions';
import { z } from 'zod';
import { CurrentOwner } from '../auth/session';
import { parseInput } from '../validation';

const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().min(1).optional(),
});

/** A transaction as the API shows it: its key, without the store's version or the recording actor. */
function transactionView(doc: TransactionDocument) {
  const { id, version, actor, ...fields } = doc;
  void version;
  void actor;
  return { transactionKey: id, ...fields };
}

/** The owner's recorded POS transactions: those of the registers the owner has linked, newest first. */
@Controller('transactions')
export class TransactionsController {
  constructor(
    private readonly links: LinkQueries,
    @Inject(STORES) private readonly stores: Stores,
  ) {}

  @Get()
  async list(@CurrentOwner() owner: Owner, @Query() query: unknown) {
    const { limit, cursor } = parseInput(ListQuery, query);
    const terminals = [...new Set((await this.links.history({ ownerId: owner.id })).map((e) => e.terminalKey))];
    if (terminals.length === 0) return { transactions: [], nextCursor: null };
    const docs = await this.stores.readStore.collection<TransactionDocument>(TRANSACTIONS, {
      indexes: TRANSACTION_INDEXES,
    });
    const page = await docs.find(
      { terminalKey: { $in: terminals } },
      { sort: [['occurredAt', -1]], limit, cursor: cursor ?? null },
    );
    return { transactions: page.items.map(transactionView), nextCursor: page.nextCursor };
  }
}
