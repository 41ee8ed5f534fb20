import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { Platform } from '../../platform/platform';
import { toLinkView, type LinkView } from '../link-view';
import { CreateLinkCommand, LinksChangedEvent } from './link-commands';
import { cameraSnapshot, metadataOf, runLinkCommand } from './link-support';
import { terminalKey } from '@regicam/links';

@CommandHandler(CreateLinkCommand)
export class CreateLinkHandler implements ICommandHandler<CreateLinkCommand, LinkView> {
  constructor(
    private readonly platform: Platform,
    private readonly events: EventBus,
  ) {}

  async execute({ owner, input }: CreateLinkCommand): Promise<LinkView> {
    const terminal = { provider: input.provider, contractId: input.contractId, terminalId: input.terminalId };
    // 1. The POS must accept the credentials and know the register (422 with its reason otherwise).
    if (input.provider === 'smaregi' && input.credential) {
      await this.platform.pos.smaregi(input.contractId, input.credential).verify(input.terminalId);
    }
    const linkId = this.platform.ids.next();
    await runLinkCommand(this.platform, terminal, {
      type: 'CreateLink',
      data: {
        linkId,
        ownerId: owner.id,
        terminal,
        camera: await cameraSnapshot(this.platform, input.cameraId),
        region: input.region,
      },
      metadata: metadataOf(this.platform, owner),
    });
    if (input.credential) {
      // The legacy token is stored as it is (so it can be masked); Platform credentials as JSON.
      const stored =
        input.credential.api === 'legacy' ? input.credential.accessToken : JSON.stringify(input.credential);
      await this.platform.credentials.save(
        owner.id,
        input.provider,
        input.contractId,
        stored,
        this.platform.clock.now(),
      );
    }
    const link = await this.platform.links.activeLinkOfTerminal(terminalKey(terminal));
    if (!link) throw new Error(`link of ${terminalKey(terminal)} is missing from the read model after it was created`);
    this.events.publish(new LinksChangedEvent(owner.id, [link.id]));
    return toLinkView(this.platform, link);
  }
}
