import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { LinkCreated } from '@regicam/domain';
import { LinkViews, type LinkView } from '../link-view';
import { LinkCommandRunner } from './link-command-runner';
import { RelinkTerminalCommand } from './link-commands';

/** Moves the terminal of a link to another camera or region: one change (LinkRemoved + LinkCreated in one append). */
@CommandHandler(RelinkTerminalCommand)
export class RelinkTerminalHandler implements ICommandHandler<RelinkTerminalCommand, LinkView> {
  constructor(
    private readonly runner: LinkCommandRunner,
    private readonly views: LinkViews,
  ) {}

  async execute({ owner, linkId, cameraId, region }: RelinkTerminalCommand): Promise<LinkView> {
    const current = await this.runner.ownLink(owner, linkId);
    const terminal = { provider: current.provider, contractId: current.contractId, terminalId: current.terminalId };
    const events = await this.runner.run(terminal, {
      type: 'RelinkTerminal',
      data: {
        linkId,
        newLinkId: this.runner.ids.next(),
        ownerId: owner.id,
        terminal,
        camera: await this.runner.cameraSnapshot(cameraId),
        region,
      },
      metadata: this.runner.metadata(owner),
    });
    const created = events.find((e): e is LinkCreated => e.type === 'LinkCreated.v1');
    // No event: the link already shows that camera and region.
    return created ? this.views.ofCreated(created.data) : this.views.ofDocument(current);
  }
}
