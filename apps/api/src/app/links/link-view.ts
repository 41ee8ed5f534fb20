import { Injectable } from '@nestjs/common';
import { CameraDirectory } from '@regicam/cameras';
import type { LinkCreated, PosProvider } from '@regicam/domain';
import type { LinkDocument } from '@regicam/links';
import { PosCredentials } from '@regicam/pos/connections';

/** A link as the API shows it; the POS token only masked. */
export type LinkView = {
  linkId: string;
  provider: string;
  contractId: string;
  terminalId: string;
  cameraId: string;
  cameraName: string | null;
  region: LinkDocument['region'];
  createdAt: string;
  createdBy: string;
  accessToken: string | null;
};

type LinkFacts = Pick<LinkDocument, 'id' | 'ownerId' | 'contractId' | 'terminalId' | 'cameraId' | 'region'> & {
  provider: PosProvider;
  createdAt: string;
  createdBy: string;
};

/** Makes the views of links, from the read model or from the event that created them. */
@Injectable()
export class LinkViews {
  constructor(
    private readonly cameras: CameraDirectory,
    private readonly credentials: PosCredentials,
  ) {}

  ofDocument(link: LinkDocument): Promise<LinkView> {
    return this.view(link);
  }

  /** The view of a link just created, from its event: it does not wait for the read model. */
  ofCreated(event: LinkCreated['data']): Promise<LinkView> {
    return this.view({ ...event, id: event.linkId, createdAt: event.at, createdBy: event.actor });
  }

  private async view(link: LinkFacts): Promise<LinkView> {
    const camera = await this.cameras.get(link.cameraId);
    const ref = { ownerId: link.ownerId, provider: link.provider, contractId: link.contractId };
    return {
      linkId: link.id,
      provider: link.provider,
      contractId: link.contractId,
      terminalId: link.terminalId,
      cameraId: link.cameraId,
      cameraName: camera?.name ?? null,
      region: link.region,
      createdAt: link.createdAt,
      createdBy: link.createdBy,
      accessToken: link.provider === 'smaregi' ? await this.credentials.masked(ref).catch(() => null) : null,
    };
  }
}
