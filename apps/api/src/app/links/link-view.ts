import type { LinkDocument } from '@regicam/links';
import type { Platform } from '../platform/platform';

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

export async function toLinkView(platform: Platform, link: LinkDocument): Promise<LinkView> {
  const camera = await platform.cameras.get(link.cameraId);
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
    accessToken: await platform.credentials.masked(link.ownerId, link.provider, link.contractId),
  };
}
