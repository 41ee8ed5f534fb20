import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { LinkCreated } from '@regicam/domain';
import { terminalKey } from '@regicam/links';
import { PosConnectors, PosCredentials } from '@regicam/pos/connections';
import { PosPoller, TerminalNames } from '@regicam/transactions';
import { LinkViews, type LinkView } from '../link-view';
import { LinkCommandRunner } from './link-command-runner';
import { CreateLinkCommand } from './link-commands';

@CommandHandler(CreateLinkCommand)
export class CreateLinkHandler implements ICommandHandler<CreateLinkCommand, LinkView> {
  constructor(
    private readonly runner: LinkCommandRunner,
    private readonly connectors: PosConnectors,
    private readonly credentials: PosCredentials,
    private readonly poller: PosPoller,
    private readonly views: LinkViews,
    private readonly names: TerminalNames,
  ) {}

  /**
   * 1. The POS must accept the credentials and know the register (422 with its reason otherwise).
   * 2. The link is decided and appended.
   * 3. The credentials are sealed and stored for the contract (never in an event), and the
   *    register's name as the POS gave it is kept for the dashboard.
   * 4. The pollers look at their contracts again.
   */
  async execute({ owner, input }: CreateLinkCommand): Promise<LinkView> {
    const terminal = { provider: input.provider, contractId: input.contractId, terminalId: input.terminalId };
    const verified =
      input.provider === 'smaregi' && input.credential
        ? await this.connectors.smaregi(input.contractId, input.credential).verify(input.terminalId)
        : null;
    const metadata = this.runner.metadata(owner);
    const events = await this.runner.run(terminal, {
      type: 'CreateLink',
      data: {
        linkId: this.runner.ids.next(),
        ownerId: owner.id,
        terminal,
        camera: await this.runner.cameraSnapshot(input.cameraId),
        region: input.region,
      },
      metadata,
    });
    if (input.credential) {
      const ref = { ownerId: owner.id, provider: input.provider, contractId: input.contractId };
      await this.credentials.save(ref, input.credential, new Date(metadata.at));
    }
    if (verified) await this.names.remember(terminal, verified.terminalName, new Date(metadata.at));
    this.poller.refreshTargets();
    const created = events.find((e): e is LinkCreated => e.type === 'LinkCreated.v1');
    if (created) return this.views.ofCreated(created.data);
    const link = await this.runner.links.activeLinkOfTerminal(terminalKey(terminal));
    if (!link) throw new Error(`link of ${terminalKey(terminal)} is missing from the read model`);
    return this.views.ofDocument(link);
  }
}
