import type { Owner } from '@regicam/accounts';
import type { PosProvider, Region } from '@regicam/domain';
import type { SmaregiCredential } from '@regicam/pos/connections';

export class CreateLinkCommand {
  constructor(
    readonly owner: Owner,
    readonly input: {
      provider: PosProvider;
      contractId: string;
      terminalId: string;
      cameraId: string;
      region: Region | null;
      /** Smaregi's credentials for the contract; sealed, never in an event. */
      credential?: SmaregiCredential;
    },
  ) {}
}

export class RemoveLinksCommand {
  constructor(
    readonly owner: Owner,
    readonly linkIds: string[],
  ) {}
}

export class RelinkTerminalCommand {
  constructor(
    readonly owner: Owner,
    readonly linkId: string,
    readonly cameraId: string,
    /** undefined keeps the current region. */
    readonly region: Region | null | undefined,
  ) {}
}
