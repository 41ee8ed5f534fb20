/**
 * The shapes the RegiCam HTTP API answers (docs/api.md), as the portal
 * reads them. Times are ISO 8601 strings; regions are normalised 0..1.
 */

export type Owner = { id: string; email: string; displayName: string };

export type Session = { owner: Owner; expiresAt: string };

/** The register's part of the camera picture; null on a link: the whole picture. */
export type Region = { x: number; y: number; width: number; height: number };

export type PosProvider = 'smaregi' | 'ubiregi';

/** A camera of the owner with the POS option (POSレジ連携オプション). */
export type Camera = {
  cameraId: string;
  name: string;
  model: string;
  serial: string;
  posOption: { from: string } | null;
  /** False before the option's start date (midnight, Japan time). */
  linkable: boolean;
};

/** A link in force (カメラ-レジ端末の紐づけ); the POS token only masked. */
export type Link = {
  linkId: string;
  provider: PosProvider;
  contractId: string;
  terminalId: string;
  cameraId: string;
  cameraName: string | null;
  region: Region | null;
  createdAt: string;
  createdBy: string;
  accessToken: string | null;
};

type NewLinkPlacement = { contractId: string; terminalId: string; cameraId: string; region?: Region | null };

/** A Smaregi link: the legacy スマレジAPI's access token (the manual's way), or a Platform API app. */
export type NewSmaregiLink =
  | (NewLinkPlacement & { api?: 'legacy'; accessToken: string })
  | (NewLinkPlacement & { api: 'platform'; clientId: string; clientSecret: string });

export type SmaregiContract = {
  contractId: string;
  api: 'legacy' | 'platform';
  accessToken: string | null;
  /** The URL to give Smaregi (API送信設定 / webhook); it holds the contract's secret. */
  pushUrl: string;
};

export type UbiregiTerminal = {
  terminalId: string;
  name: string;
  contractId: string;
  cameraId: string | null;
  linkId: string | null;
};

export type UbiregiConnection = {
  account: { id: string; name: string };
  /** Ubiregi refused the grant (revoked in Ubiregi, or expired): the owner must connect again. */
  needsReconnect: boolean;
  terminals: UbiregiTerminal[];
};

/** Which link, which register, which camera and part of its picture: in every audit answer. */
type AuditedLink = Pick<Link, 'linkId' | 'provider' | 'contractId' | 'terminalId' | 'cameraId' | 'region'>;

export type AuditEvent = AuditedLink & {
  eventId: string;
  type: 'LinkCreated' | 'LinkRemoved';
  at: string;
  /** As recorded (`owner:<id>`); show `actorName` and `actorEmail` instead. */
  actor: string;
  actorName: string;
  actorEmail: string | null;
  reason: string | null;
};

export type AuditQuery = { terminalId?: string; cameraId?: string; from?: string; to?: string };

export type AuditStateLink = AuditedLink & {
  since: string;
  linkedBy: string;
  linkedByName: string;
  linkedByEmail: string | null;
};

export type AuditState = { at: string; links: AuditStateLink[] };
