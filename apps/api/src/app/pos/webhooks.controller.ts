import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { SmaregiReceiver, type ReceiverAnswer } from '@regicam/pos/connections';
import { Public } from '@regicam/runtime';

/**
 * Smaregi's pushes (API送信設定: form-encoded rows) and Platform webhooks
 * (JSON naming transaction ids), at the contract's secret URL. Each is only
 * a trigger: the named rows are read back from Smaregi before anything is
 * recorded (see SmaregiReceiver). Polling works on its own; these only
 * shorten the delay.
 */
@Public()
@Controller('webhooks/smaregi')
export class SmaregiWebhooksController {
  constructor(private readonly receiver: SmaregiReceiver) {}

  @Post(':contractId/:secret')
  @HttpCode(200)
  receive(
    @Param('contractId') contractId: string,
    @Param('secret') secret: string,
    @Headers() headers: Record<string, string | string[] | undefined>,
    @Body() body: unknown,
  ): Promise<ReceiverAnswer> {
    return this.receiver.receive({ contractId, secret, headers, body });
  }
}
