import { NotFoundException } from '@nestjs/common';
import type { Owner } from '@regicam/accounts';
import {
  terminalLinkDecider,
  terminalLinkStream,
  type CameraSnapshot,
  type TerminalLinkCommand,
  type TerminalRef,
} from '@regicam/domain';
import { handleCommand } from '@regicam/event-sourcing';
import type { LinkDocument } from '@regicam/links';
import type { Platform } from '../../platform/platform';

/** The camera as the rules see it; an unknown camera looks like another owner's, so it is "not found". */
export async function cameraSnapshot(platform: Platform, cameraId: string): Promise<CameraSnapshot> {
  return (await platform.cameras.snapshot(cameraId)) ?? { cameraId, ownerId: '', posOption: null };
}

/** The owner's active link, or 404 (also for another owner's link). */
export async function ownActiveLink(platform: Platform, owner: Owner, linkId: string): Promise<LinkDocument> {
  const link = await platform.links.link(linkId);
  if (!link || link.ownerId !== owner.id || link.status !== 'active') {
    throw new NotFoundException({
      message: `link ${linkId} was not found`,
      details: [{ field: 'linkId', message: 'not found' }],
    });
  }
  return link;
}

export const metadataOf = (platform: Platform, owner: Owner) => ({
  actor: `owner:${owner.id}`,
  at: platform.clock.now().toISOString(),
});

/**
 * Decides and appends one terminal link command, then waits until the links
 * read model shows it, so that the caller reads its own write.
 */
export async function runLinkCommand(
  platform: Platform,
  terminal: TerminalRef,
  command: TerminalLinkCommand,
): Promise<void> {
  const outcome = await handleCommand(
    platform.stores.eventStore,
    terminalLinkStream(terminal),
    terminalLinkDecider,
    command,
    {
      eventIds: (events) => events.map(() => platform.ids.next()),
      metadata: { actor: command.metadata.actor },
    },
  );
  if (outcome.position) await platform.linkProjector.waitFor(outcome.position);
}
