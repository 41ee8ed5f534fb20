import { PosRejectedError } from '@regicam/pos';
import {
  SmaregiLegacyClient,
  SmaregiLegacySource,
  SmaregiPlatformClient,
  SmaregiPlatformSource,
} from '@regicam/pos/smaregi';
import { UbiregiClient, UbiregiOAuth, UbiregiSource } from '@regicam/pos/ubiregi';
import type { LinkQueries } from '@regicam/links';
import type { PollTarget } from '@regicam/transactions';
import type { PosConfig } from '../../pos-config';
import type { PosCredentials } from '../links/pos-credentials';
import type { UbiregiConnection, UbiregiConnections } from './ubiregi-connections';

/**
 * A Smaregi contract is reached through the legacy スマレジAPI (契約ID +
 * アクセストークン, what the manual sets up) or the Platform API (an app's
 * client id and secret). Stored sealed, as JSON; a bare string is a legacy token.
 */
export type SmaregiCredential =
  { api: 'legacy'; accessToken: string } | { api: 'platform'; clientId: string; clientSecret: string };

export function parseSmaregiCredential(stored: string): SmaregiCredential {
  if (!stored.startsWith('{')) return { api: 'legacy', accessToken: stored };
  return JSON.parse(stored) as SmaregiCredential;
}

/** Makes the vendors' clients from the configuration and the stored (sealed) credentials. */
export class PosConnectors {
  constructor(
    readonly config: PosConfig,
    private readonly links: LinkQueries,
    private readonly credentials: PosCredentials,
    private readonly connections: UbiregiConnections,
  ) {}

  smaregi(contractId: string, credential: SmaregiCredential): SmaregiLegacyClient | SmaregiPlatformClient {
    return credential.api === 'platform'
      ? new SmaregiPlatformClient({
          ...this.config.smaregiPlatform,
          contractId,
          clientId: credential.clientId,
          clientSecret: credential.clientSecret,
          timeoutMs: 10_000,
        })
      : new SmaregiLegacyClient({
          baseUrl: this.config.smaregiLegacyUrl,
          contractId,
          accessToken: credential.accessToken,
          timeoutMs: 10_000,
        });
  }

  private smaregiSource(contractId: string, credential: SmaregiCredential) {
    const client = this.smaregi(contractId, credential);
    return client instanceof SmaregiPlatformClient
      ? new SmaregiPlatformSource(client)
      : new SmaregiLegacySource(client);
  }

  ubiregiOAuth(): UbiregiOAuth {
    const u = this.config.ubiregi;
    if (!u) {
      throw new PosRejectedError(
        'credentials',
        'Ubiregi is not set up on this server (UBIREGI_CLIENT_ID / UBIREGI_CLIENT_SECRET); ask the operator.',
      );
    }
    return new UbiregiOAuth({ ...u, redirectUri: `${this.config.publicUrl}/api/ubiregi/callback` });
  }

  /** A client on the owner's grant; refreshed tokens are sealed and stored again at once. */
  ubiregi(connection: UbiregiConnection): UbiregiClient {
    return new UbiregiClient({
      apiBaseUrl: this.config.ubiregi?.apiBaseUrl ?? '',
      tokens: connection.tokens,
      oauth: this.ubiregiOAuth(),
      onTokens: (tokens) => this.connections.save({ ...connection, tokens }),
    });
  }

  /** The stored credential of a Smaregi contract some owner links (null when none does). */
  async smaregiCredential(contractId: string): Promise<SmaregiCredential | null> {
    const link = (await this.links.allActiveLinks()).find(
      (l) => l.provider === 'smaregi' && l.contractId === contractId,
    );
    const stored = link ? await this.credentials.token(link.ownerId, 'smaregi', contractId) : null;
    return stored ? parseSmaregiCredential(stored) : null;
  }

  /**
   * What to poll: each Smaregi contract with a link in force (from the
   * first link on), and each Ubiregi grant (from when it was given).
   */
  async pollTargets(): Promise<PollTarget[]> {
    const targets: PollTarget[] = [];
    const contracts = new Map<string, { ownerId: string; contractId: string; since: string }>();
    for (const link of await this.links.allActiveLinks()) {
      if (link.provider !== 'smaregi') continue;
      const key = `smaregi:${link.contractId}`;
      const seen = contracts.get(key);
      if (!seen || link.createdAt < seen.since)
        contracts.set(key, { ownerId: link.ownerId, contractId: link.contractId, since: link.createdAt });
    }
    for (const [key, c] of contracts) {
      const stored = await this.credentials.token(c.ownerId, 'smaregi', c.contractId);
      if (!stored) continue;
      targets.push({
        key,
        source: this.smaregiSource(c.contractId, parseSmaregiCredential(stored)),
        since: new Date(c.since),
      });
    }
    if (this.config.ubiregi) {
      for (const connection of await this.connections.all()) {
        targets.push({
          key: `ubiregi:${connection.accountId}`,
          source: new UbiregiSource(this.ubiregi(connection)),
          since: new Date(connection.connectedAt),
        });
      }
    }
    return targets;
  }
}
