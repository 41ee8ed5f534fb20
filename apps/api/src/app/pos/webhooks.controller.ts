import { Body, Controller, Headers, HttpCode, NotFoundException, Param, Post, Req } from '@nestjs/common';
import type { PollResult } from '@regicam/pos';
import {
  parsePlatformWebhook,
  parseSmaregiPush,
  toPosTransactions,
  type SmaregiPlatformClient,
} from '@regicam/pos/smaregi';
import { recordTransaction } from '@regicam/transactions';
import type { Request } from 'express';
import { Public } from '../auth/public.decorator';
import { Platform } from '../platform/platform';

/**
 * Smaregi pushes (API送信設定: form-encoded rows) and Platform webhooks
 * (JSON naming transaction ids, fetched at once). Polling works on its own; these only
 * shorten the delay. A pushed row and a polled row of one transaction are
 * recorded once (one stream per transaction).
 */
@Public()
@Controller('webhooks/smaregi')
export class SmaregiWebhooksController {
  constructor(private readonly platform: Platform) {}

  @Post(':contractId')
  @HttpCode(200)
  async receive(
    @Param('contractId') contractId: string,
    @Req() req: Request,
    @Body() body: unknown,
    @Headers('smaregi-event') event?: string,
  ) {
    const credential = await this.platform.pos.smaregiCredential(contractId);
    if (!credential) throw new NotFoundException(`no link uses Smaregi contract ${contractId}`);
    const at = this.platform.clock.now().toISOString();
    const source = `smaregi:${contractId}`;
    if (event) {
      // Platform webhook: fetch the transactions it names (with the Platform credentials);
      // a contract on the legacy API is polled at once instead.
      const hook = parsePlatformWebhook(new globalThis.Headers(req.headers as Record<string, string>), body);
      if (credential.api !== 'platform') {
        void this.platform.poller.pollDue(true);
        return { accepted: true };
      }
      const client = this.platform.pos.smaregi(contractId, credential) as SmaregiPlatformClient;
      const mapped = toPosTransactions(await client.transactionsByIds(hook.transactionHeadIds), contractId);
      await this.record(mapped, source, 'system:smaregi-webhook', at);
      return { accepted: true, recorded: mapped.transactions.length };
    }
    const push = parseSmaregiPush(body as Record<string, unknown>, contractId);
    await this.record(push, source, 'system:smaregi-push', at);
    return push.answer;
  }

  /** Records the transactions (each once, however often it comes) and sets the bad rows aside. */
  private async record(
    found: Pick<PollResult, 'transactions' | 'rejected'>,
    source: string,
    actor: string,
    at: string,
  ): Promise<void> {
    for (const tx of found.transactions) await recordTransaction(this.platform.stores.eventStore, tx, { actor, at });
    for (const row of found.rejected) await this.platform.poller.deadLetter(source, row.raw, row.reason);
  }
}
