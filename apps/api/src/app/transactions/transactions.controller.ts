import { Controller, Get, Inject, Query } from '@nestjs/common';
import type { Owner } from '@regicam/accounts';
import { TransactionList, transactionQueryOf, type RawQuery } from '@regicam/dashboard';
import { CLOCK, type Clock } from '@regicam/runtime';
import { CurrentOwner } from '../auth/session';

/** The dashboard's day list: the owner's transactions of one camera (or every camera, or the unlinked registers). */
@Controller('transactions')
export class TransactionsController {
  constructor(
    private readonly transactions: TransactionList,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  list(@CurrentOwner() owner: Owner, @Query() query: RawQuery) {
    return this.transactions.list(transactionQueryOf(query, owner.id, this.clock.now()));
  }
}
