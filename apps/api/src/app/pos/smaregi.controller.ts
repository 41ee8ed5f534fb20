import { Controller, Get, HttpCode, Inject, NotFoundException, Param, Post } from '@nestjs/common';
import type { Owner } from '@regicam/accounts';
import { PosCredentials } from '@regicam/pos/connections';
import { CLOCK, RUNTIME_CONFIG, type Clock } from '@regicam/runtime';
import type { AppConfig } from '../../config';
import { CurrentOwner } from '../auth/session';

/**
 * The owner's Smaregi contracts: the masked credentials and the URL to put
 * in Smaregi's API送信設定 (or the Platform app's webhook), which holds the
 * contract's secret; a new secret can be made at any time.
 */
@Controller('smaregi/contracts')
export class SmaregiContractsController {
  constructor(
    private readonly credentials: PosCredentials,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RUNTIME_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  async list(@CurrentOwner() owner: Owner) {
    const contracts = await this.credentials.contractsOf(owner.id);
    return {
      contracts: await Promise.all(
        contracts
          .filter((c) => c.ref.provider === 'smaregi')
          .map(async ({ ref, api }) => ({
            contractId: ref.contractId,
            api,
            accessToken: await this.credentials.masked(ref),
            pushUrl: this.pushUrl(ref.contractId, (await this.credentials.pushSecret(ref)) ?? ''),
          })),
      ),
    };
  }

  /** A new secret for the push URL; the old URL stops working at once. */
  @Post(':contractId/push-secret')
  @HttpCode(200)
  async rotate(@CurrentOwner() owner: Owner, @Param('contractId') contractId: string) {
    const ref = { ownerId: owner.id, provider: 'smaregi' as const, contractId };
    if (!(await this.credentials.get(ref))) {
      throw new NotFoundException({
        message: `contract ${contractId} was not found`,
        details: [{ field: 'contractId', message: 'not found' }],
      });
    }
    const secret = await this.credentials.rotatePushSecret(ref, this.clock.now());
    return { contractId, pushUrl: this.pushUrl(contractId, secret) };
  }

  private pushUrl(contractId: string, secret: string): string {
    return `${this.config.pos.publicUrl}/webhooks/smaregi/${encodeURIComponent(contractId)}/${secret}`;
  }
}
