import { Body, Controller, Headers, HttpCode, NotFoundException, Param, Post, Req } from '@nestjs/common';
import { parsePlatformWebhook, parseSmaregiPush } from '@regicam/pos/smaregi';
import { recordTransaction } from '@regicam/transactions';
import type { Request } from 'express';
import { Public } from '../auth/public.decorator';
import { Platform } from '../platform/platform';

/**
 * Smaregi pushes (API送信設定: form-encoded rows) and Platform webhooks
 * (JSON naming transaction ids). Polling works on its own; these only
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
    const linked = (await this.platform.links.allActiveLinks()).some(
      (l) => l.provider === 'smaregi' && l.contractId === contractId,
    );
    if (!linked) throw new NotFoundException(`no link uses Smaregi contract ${contractId}`);
    if (event) {
      // Platform webhook: the named transactions are read by the next poll, started now.
      parsePlatformWebhook(new globalThis.Headers(req.headers as Record<string, string>), body);
      void this.platform.poller.pollDue(true);
      return { accepted: true };
    }
    const push = parseSmaregiPush(body as Record<string, unknown>, contractId);
    const at = this.platform.clock.now().toISOString();
    for (const tx of push.transactions)
      await recordTransaction(this.platform.stores.eventStore, tx, { actor: 'system:smaregi-push', at });
    for (const row of push.rejected)
      await this.platform.poller.deadLetter(`smaregi:${contractId}`, row.raw, row.reason);
    return push.answer;
  }
}
