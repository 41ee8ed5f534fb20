import { regionProblems, type Region } from '../region/region';
import { DomainError } from '../shared/domain-error';
import { checkTerminalRef, type TerminalRef } from '../shared/pos';
import type { CommandMetadata, Decider } from '../shared/command';
import {
  evolveTerminalLink,
  initialTerminalLinkState,
  type LinkCreated,
  type LinkRemoved,
  type TerminalLinkEvent,
  type TerminalLinkState,
} from './terminal-link';

/** What the command side knows of a camera when it links one. */
export type CameraSnapshot = {
  cameraId: string;
  ownerId: string;
  /** The POS option and the date (YYYY-MM-DD, Japan time) it starts; null without the option. */
  posOption: { from: string } | null;
};

export type CreateLink = {
  type: 'CreateLink';
  data: { linkId: string; ownerId: string; terminal: TerminalRef; camera: CameraSnapshot; region: Region | null };
  metadata: CommandMetadata;
};

export type RemoveLink = {
  type: 'RemoveLink';
  data: { linkId: string; ownerId: string; terminal: TerminalRef; reason: string };
  metadata: CommandMetadata;
};

/** Moves a terminal to another camera (or another region): LinkRemoved and LinkCreated in one append. */
export type RelinkTerminal = {
  type: 'RelinkTerminal';
  data: {
    linkId: string;
    newLinkId: string;
    ownerId: string;
    terminal: TerminalRef;
    camera: CameraSnapshot;
    /** The new region; undefined keeps the current one. */
    region?: Region | null;
  };
  metadata: CommandMetadata;
};

export type TerminalLinkCommand = CreateLink | RemoveLink | RelinkTerminal;

/** The POS option starts at midnight Japan time (UTC+9, no daylight saving) of its start date. */
const JAPAN_OFFSET = '+09:00';

function checkCamera(camera: CameraSnapshot, ownerId: string, at: string): void {
  // Another owner's camera is refused exactly like a camera that does not exist.
  if (camera.ownerId !== ownerId) {
    throw new DomainError('camera_not_found', `camera ${camera.cameraId} was not found`, 'cameraId');
  }
  if (!camera.posOption) {
    throw new DomainError(
      'pos_option_missing',
      `camera ${camera.cameraId} has no POS option (POSレジ連携オプション); only cameras with the option can be linked`,
      'cameraId',
    );
  }
  const starts = Date.parse(`${camera.posOption.from}T00:00:00${JAPAN_OFFSET}`);
  if (Date.parse(at) < starts) {
    throw new DomainError(
      'pos_option_not_started',
      `camera ${camera.cameraId} can be linked from ${camera.posOption.from} (Japan time), when its POS option starts`,
      'cameraId',
    );
  }
}

function checkRegion(region: Region | null | undefined): void {
  if (region === null || region === undefined) return;
  const problems = regionProblems(region);
  if (problems.length > 0) {
    throw new DomainError('invalid_input', problems.map((p) => p.message).join('; '), `region.${problems[0].field}`);
  }
}

function created(cmd: CreateLink | RelinkTerminal, linkId: string, region: Region | null): LinkCreated {
  const { ownerId, terminal, camera } = cmd.data;
  return {
    type: 'LinkCreated.v1',
    data: { linkId, ownerId, ...terminal, cameraId: camera.cameraId, region, ...cmd.metadata },
  };
}

function removed(
  cmd: RemoveLink | RelinkTerminal,
  state: Extract<TerminalLinkState, { status: 'linked' }>,
  reason: string,
): LinkRemoved {
  return {
    type: 'LinkRemoved.v1',
    data: {
      linkId: state.linkId,
      ownerId: state.ownerId,
      ...cmd.data.terminal,
      cameraId: state.cameraId,
      reason,
      ...cmd.metadata,
    },
  };
}

/**
 * The link in force, if it is this owner's link `linkId`. When the owner's
 * terminal has moved on (another change came first: a concurrent relink or
 * removal), the refusal says so and names the link now in force; anything
 * else, another owner's terminal included, is "not found".
 */
function ownLink(state: TerminalLinkState, linkId: string, ownerId: string) {
  if (state.status === 'linked' && state.linkId === linkId && state.ownerId === ownerId) return state;
  if (state.status === 'linked' && state.ownerId === ownerId) {
    throw new DomainError(
      'link_changed',
      `link ${linkId} is no longer in force: the terminal was changed meanwhile and link ${state.linkId} (camera ${state.cameraId}) is in force now`,
      'linkId',
      { currentLinkId: state.linkId, cameraId: state.cameraId },
    );
  }
  if (state.status === 'unlinked' && state.lastLinkId === linkId) {
    throw new DomainError('link_changed', `link ${linkId} was removed meanwhile; no link is in force`, 'linkId', {
      currentLinkId: null,
    });
  }
  throw new DomainError('link_not_found', `link ${linkId} was not found`, 'linkId');
}

export function decideTerminalLink(command: TerminalLinkCommand, state: TerminalLinkState): TerminalLinkEvent[] {
  checkTerminalRef(command.data.terminal);
  switch (command.type) {
    case 'CreateLink': {
      const { linkId, ownerId, camera, region } = command.data;
      if (state.status === 'linked') {
        // A repeated request (same link id) has already done its work.
        if (state.linkId === linkId) return [];
        if (state.ownerId !== ownerId) {
          throw new DomainError(
            'terminal_linked_elsewhere',
            'this terminal is linked by another account',
            'terminalId',
          );
        }
        throw new DomainError(
          'terminal_already_linked',
          `terminal ${command.data.terminal.terminalId} is already linked to camera ${state.cameraId}; relink it to change the camera`,
          'terminalId',
        );
      }
      checkCamera(camera, ownerId, command.metadata.at);
      checkRegion(region);
      return [created(command, linkId, region)];
    }
    case 'RemoveLink': {
      const { linkId, ownerId, reason } = command.data;
      if (state.status === 'unlinked' && state.lastLinkId === linkId) return [];
      const link = ownLink(state, linkId, ownerId);
      return [removed(command, link, reason)];
    }
    case 'RelinkTerminal': {
      const { linkId, newLinkId, ownerId, camera, region } = command.data;
      if (state.status === 'linked' && state.linkId === newLinkId) return [];
      const link = ownLink(state, linkId, ownerId);
      const nextRegion = region === undefined ? link.region : region;
      if (camera.cameraId === link.cameraId && JSON.stringify(nextRegion) === JSON.stringify(link.region)) return [];
      checkCamera(camera, ownerId, command.metadata.at);
      checkRegion(nextRegion);
      return [removed(command, link, `relinked to camera ${camera.cameraId}`), created(command, newLinkId, nextRegion)];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

export const terminalLinkDecider: Decider<TerminalLinkCommand, TerminalLinkEvent, TerminalLinkState> = {
  decide: decideTerminalLink,
  evolve: evolveTerminalLink,
  initialState: initialTerminalLinkState,
};
