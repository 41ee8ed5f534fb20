import { NotFoundException } from '@nestjs/common';
import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { Platform } from '../../platform/platform';
import { LinksChangedEvent, RemoveLinksCommand } from './link-commands';
import { metadataOf, runLinkCommand } from './link-support';

/**
 * Removes several links at once (the portal's checkboxes and trash icon).
 * Every id is checked first: if one is not the owner's active link, none is
 * removed and the answer names it.
 */
@CommandHandler(RemoveLinksCommand)
export class RemoveLinksHandler implements ICommandHandler<RemoveLinksCommand, { removed: string[] }> {
  constructor(
    private readonly platform: Platform,
    private readonly events: EventBus,
  ) {}

  async execute({ owner, linkIds }: RemoveLinksCommand): Promise<{ removed: string[] }> {
    const ids = [...new Set(linkIds)];
    const links = await Promise.all(ids.map((id) => this.platform.links.link(id)));
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
    for (const link of links) {
      if (!link) continue;
      const terminal = { provider: link.provider, contractId: link.contractId, terminalId: link.terminalId };
      await runLinkCommand(this.platform, terminal, {
        type: 'RemoveLink',
        data: { linkId: link.id, ownerId: owner.id, terminal, reason: 'removed by the owner' },
        metadata: metadataOf(this.platform, owner),
      });
    }
    this.events.publish(new LinksChangedEvent(owner.id, ids));
    return { removed: ids };
  }
}
