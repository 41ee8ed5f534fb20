import { PosRejectedError, type TransactionSource } from '@regicam/pos';
import {
  SmaregiLegacyClient,
  SmaregiLegacySource,
  SmaregiPlatformClient,
  SmaregiPlatformSource,
} from '@regicam/pos/smaregi';
import { UbiregiClient, UbiregiOAuth, UbiregiSource, type UbiregiTokens } from '@regicam/pos/ubiregi';
import type { SmaregiCredential } from './credentials';
import type { PosConfig } from './pos-config';
import type { UbiregiConnection, UbiregiGrants } from './ubiregi-grants';

export type SmaregiClient = SmaregiLegacyClient | SmaregiPlatformClient;

/** The vendors' clients, made from the configuration and the stored (sealed) credentials. */
export class PosConnectors {
  /** Renewals in progress, one per owner's grant: concurrent callers wait for the same one. */
  private readonly renewing = new Map<string, Promise<UbiregiTokens>>();

  constructor(
    readonly config: PosConfig,
    private readonly grants: UbiregiGrants,
  ) {}

  smaregi(contractId: string, credential: SmaregiCredential): SmaregiClient {
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

  smaregiSource(contractId: string, credential: SmaregiCredential): TransactionSource {
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

  /** A client on the owner's grant; its token renewals go through `renew`, one at a time per grant. */
  ubiregi(connection: UbiregiConnection): UbiregiClient {
    return new UbiregiClient({
      apiBaseUrl: this.config.ubiregi?.apiBaseUrl ?? '',
      tokens: connection.tokens,
      renew: (stale) => this.renew(connection.ownerId, stale),
    });
  }

  /** A client on tokens just granted (the OAuth callback), before they are stored. */
  ubiregiOnTokens(tokens: UbiregiTokens): UbiregiClient {
    return new UbiregiClient({ apiBaseUrl: this.config.ubiregi?.apiBaseUrl ?? '', tokens });
  }

  ubiregiSource(connection: UbiregiConnection): TransactionSource {
    return new UbiregiSource(this.ubiregi(connection));
  }

  /**
   * Renews an owner's Ubiregi tokens found stale, so that a rotated refresh
   * token is used once and never lost:
   * 1. one renewal at a time per grant in this process;
   * 2. when the stored grant no longer holds the stale tokens, another
   *    caller (or process) renewed it: use what is stored;
   * 3. otherwise refresh, and write the new tokens over exactly the grant
   *    they were made from (compare-and-set on its version);
   * 4. when that write loses (the grant changed meanwhile), read it again:
   *    if it still holds our refresh token the change was not a renewal and
   *    the write is retried; otherwise the stored, newer tokens win;
   * 5. when Ubiregi refuses the refresh, another process may have renewed
   *    with the same refresh token first: the store is read again for a
   *    second (its write follows its answer) before the refusal stands.
   */
  renew(ownerId: string, stale: UbiregiTokens): Promise<UbiregiTokens> {
    const inFlight = this.renewing.get(ownerId);
    if (inFlight) return inFlight;
    const run = this.renewOnce(ownerId, stale).finally(() => this.renewing.delete(ownerId));
    this.renewing.set(ownerId, run);
    return run;
  }

  private async renewOnce(ownerId: string, stale: UbiregiTokens): Promise<UbiregiTokens> {
    const reconnect = () => new PosRejectedError('credentials', 'Ubiregi must be connected again.');
    let stored = await this.grants.get(ownerId);
    if (!stored) throw reconnect();
    if (stored.tokens.accessToken !== stale.accessToken) return stored.tokens;
    if (!stored.tokens.refreshToken) throw reconnect();
    let fresh: UbiregiTokens;
    try {
      fresh = await this.ubiregiOAuth().refresh(stored.tokens.refreshToken);
    } catch (error) {
      for (let look = 0; look < 5; look++) {
        const again = await this.grants.get(ownerId);
        if (again && again.tokens.accessToken !== stale.accessToken) return again.tokens;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw error;
    }
    for (let attempt = 0; attempt < 5; attempt++) {
      if (await this.grants.replaceTokens(stored, fresh)) return fresh;
      const again = await this.grants.get(ownerId);
      if (!again) throw reconnect();
      if (again.tokens.refreshToken !== stored.tokens.refreshToken) return again.tokens;
      stored = again;
    }
    throw new Error(`the Ubiregi grant of owner ${ownerId} keeps changing; try again`);
  }
}
