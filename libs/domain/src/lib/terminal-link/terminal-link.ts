import type { Region } from '../region/region';
import type { PosProvider } from '../shared/pos';

// ---- events (stable type strings with their schema version) ----

/** What every link event says: which link, whose, which register and camera, who and when. */
export type LinkEventFacts = {
  linkId: string;
  ownerId: string;
  provider: PosProvider;
  contractId: string;
  terminalId: string;
  cameraId: string;
  actor: string;
  at: string;
};

export type LinkCreated = {
  type: 'LinkCreated.v1';
  /** region: the register's part of the picture; null: the whole picture. */
  data: LinkEventFacts & { region: Region | null };
};

export type LinkRemoved = {
  type: 'LinkRemoved.v1';
  data: LinkEventFacts & { reason: string };
};

export type TerminalLinkEvent = LinkCreated | LinkRemoved;

export const TERMINAL_LINK_EVENT_TYPES = ['LinkCreated.v1', 'LinkRemoved.v1'] as const;

// ---- state ----

export type TerminalLinkState =
  | { status: 'unlinked'; lastLinkId: string | null }
  | {
      status: 'linked';
      linkId: string;
      ownerId: string;
      cameraId: string;
      region: Region | null;
      since: string;
    };

export const initialTerminalLinkState = (): TerminalLinkState => ({ status: 'unlinked', lastLinkId: null });

export function evolveTerminalLink(state: TerminalLinkState, event: TerminalLinkEvent): TerminalLinkState {
  switch (event.type) {
    case 'LinkCreated.v1':
      return {
        status: 'linked',
        linkId: event.data.linkId,
        ownerId: event.data.ownerId,
        cameraId: event.data.cameraId,
        region: event.data.region,
        since: event.data.at,
      };
    case 'LinkRemoved.v1':
      return { status: 'unlinked', lastLinkId: event.data.linkId };
    default: {
      // A new event type must be handled above (this does not compile otherwise);
      // at run time an event of an unknown type leaves the state as it is.
      const unknown: never = event;
      void unknown;
      return state;
    }
  }
}
