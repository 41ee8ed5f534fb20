import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Owner } from '@regicam/accounts';
import { CameraDirectory } from '@regicam/cameras';
import {
  terminalLinkDecider,
  terminalLinkStream,
  type CameraSnapshot,
  type CommandMetadata,
  type TerminalLinkCommand,
  type TerminalLinkEvent,
  type TerminalRef,
} from '@regicam/domain';
import { handleCommand, waitForCheckpoint } from '@regicam/event-sourcing';
import { LinkQueries, type LinkDocument } from '@regicam/links';
import { CLOCK, IDS, STORES, type Clock, type Ids, type Stores } from '@regicam/runtime';

/** How long a command waits for the links read model to show it before answering anyway. */
const READ_YOUR_WRITES_MS = 3000;

/**
 * Runs the terminal link commands for the handlers: the camera as the
 * rules see it, who and when, the decide-and-append, and read-your-writes.
 */
@Injectable()
export class LinkCommandRunner {
  private readonly logger = new Logger('Links');

  constructor(
    @Inject(STORES) private readonly stores: Stores,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(IDS) readonly ids: Ids,
    private readonly cameras: CameraDirectory,
    readonly links: LinkQueries,
  ) {}

  /** The camera as the rules see it; an unknown camera looks like another owner's, so it is "not found". */
  async cameraSnapshot(cameraId: string): Promise<CameraSnapshot> {
    return (await this.cameras.snapshot(cameraId)) ?? { cameraId, ownerId: '', posOption: null };
  }

  /** The owner's link (in force or not: the rules say what may be done with it), or 404 for anyone else's. */
  async ownLink(owner: Owner, linkId: string): Promise<LinkDocument> {
    const link = await this.links.link(linkId);
    if (!link || link.ownerId !== owner.id) {
      throw new NotFoundException({
        message: `link ${linkId} was not found`,
        details: [{ field: 'linkId', message: 'not found' }],
      });
    }
    return link;
  }

  metadata(owner: Owner): CommandMetadata {
    return { actor: `owner:${owner.id}`, at: this.clock.now().toISOString() };
  }

  /**
   * 1. decides and appends one terminal link command (a concurrent change
   *    is retried a few times, then 409);
   * 2. waits until the links read model shows it, so that the caller reads
   *    its own write, whichever process runs the projection; if it does
   *    not within a few seconds (the projector is down), the command has
   *    still happened and the answer is made from its events.
   */
  async run(terminal: TerminalRef, command: TerminalLinkCommand): Promise<TerminalLinkEvent[]> {
    const { events, position } = await handleCommand(
      this.stores.eventStore,
      terminalLinkStream(terminal),
      terminalLinkDecider,
      command,
      { eventIds: (list) => list.map(() => this.ids.next()), metadata: { actor: command.metadata.actor } },
    );
    if (position) {
      const shown = await waitForCheckpoint(this.stores.eventStore, this.stores.readStore, 'links', position, {
        timeoutMs: READ_YOUR_WRITES_MS,
      });
      if (!shown) {
        this.logger.warn(
          `the links read model did not show ${position} within ${READ_YOUR_WRITES_MS} ms: is a projector running?`,
        );
      }
    }
    return events;
  }
}
