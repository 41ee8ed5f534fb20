import { Logger, NotFoundException } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { LinkDocument } from '@regicam/links';
import { PosCredentials } from '@regicam/pos/connections';
import { LinkCommandRunner } from './link-command-runner';
import { RemoveLinksCommand } from './link-commands';

/**
 * Removes several links at once (the portal's checkboxes and trash icon).
 * 1. Every id is checked first: if one is not the owner's active link, none
 *    is removed and the answer names it.
 * 2. Each link is removed (its own stream, its own append).
 * 3. A Smaregi contract left without any of the owner's links loses its
 *    stored credentials: RegiCam keeps no token it does not use.
 */
@CommandHandler(RemoveLinksCommand)
export class RemoveLinksHandler implements ICommandHandler<RemoveLinksCommand, { removed: string[] }> {
  private readonly logger = new Logger('Links');

  constructor(
    private readonly runner: LinkCommandRunner,
    private readonly credentials: PosCredentials,
  ) {}

  async execute({ owner, linkIds }: RemoveLinksCommand): Promise<{ removed: string[] }> {
    const ids = [...new Set(linkIds)];
    const links = await Promise.all(ids.map((id) => this.runner.links.link(id)));
    const missing = ids.filter((id, i) => {
      const link = links[i];
      return !link || link.ownerId !== owner.id || link.status !== 'active';
    });
    if (missing.length > 0) {
      throw new NotFoundException({
        message: `link${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not found; nothing was removed`,
        details: missing.map((id) => ({ field: 'linkIds', message: `${id} not found` })),
      });
    }
    const removed = links as LinkDocument[];
    for (const link of removed) {
      const terminal = { provider: link.provider, contractId: link.contractId, terminalId: link.terminalId };
      await this.runner.run(terminal, {
        type: 'RemoveLink',
        data: { linkId: link.id, ownerId: owner.id, terminal, reason: 'removed by the owner' },
        metadata: this.runner.metadata(owner),
      });
    }
    await this.forgetUnusedCredentials(owner.id, removed);
    return { removed: ids };
  }

  private async forgetUnusedCredentials(ownerId: string, removed: LinkDocument[]): Promise<void> {
    const contracts = new Set(removed.filter((l) => l.provider === 'smaregi').map((l) => l.contractId));
    if (contracts.size === 0) return;
    const remaining = await this.runner.links.activeLinks(ownerId);
    for (const contractId of contracts) {
      if (remaining.some((l) => l.provider === 'smaregi' && l.contractId === contractId)) continue;
      if (removed.some((l) => l.contractId === contractId && remaining.some((r) => r.id === l.id))) {
        this.logger.warn(`contract ${contractId}: the read model does not show the removal yet; credentials kept`);
        continue;
      }
      await this.credentials.delete({ ownerId, provider: 'smaregi', contractId });
    }
  }
}
