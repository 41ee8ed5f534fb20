import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { terminalKey } from '@regicam/links';
import { Platform } from '../../platform/platform';
import { toLinkView, type LinkView } from '../link-view';
import { LinksChangedEvent, RelinkTerminalCommand } from './link-commands';
import { cameraSnapshot, metadataOf, ownActiveLink, runLinkCommand } from './link-support';

@CommandHandler(RelinkTerminalCommand)
export class RelinkTerminalHandler implements ICommandHandler<RelinkTerminalCommand, LinkView> {
  constructor(
    private readonly platform: Platform,
    private readonly events: EventBus,
  ) {}

  async execute({ owner, linkId, cameraId, region }: RelinkTerminalCommand): Promise<LinkView> {
    const current = await ownActiveLink(this.platform, owner, linkId);
    const terminal = { provider: current.provider, contractId: current.contractId, terminalId: current.terminalId };
    await runLinkCommand(this.platform, terminal, {
      type: 'RelinkTerminal',
      data: {
        linkId,
        newLinkId: this.platform.ids.next(),
        ownerId: owner.id,
        terminal,
        camera: await cameraSnapshot(this.platform, cameraId),
        region,
      },
      metadata: metadataOf(this.platform, owner),
    });
    const link = await this.platform.links.activeLinkOfTerminal(terminalKey(terminal));
    if (!link) throw new Error(`link of ${terminalKey(terminal)} is missing from the read model after the relink`);
    this.events.publish(new LinksChangedEvent(owner.id, [linkId, link.id]));
    return toLinkView(this.platform, link);
  }
}
