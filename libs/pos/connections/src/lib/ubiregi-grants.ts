import type { UbiregiTokens } from '@regicam/pos/ubiregi';
import type { Collection, ReadDocument, ReadStore } from '@regicam/read-store';
import type { SecretBox } from '@regicam/secrets';
import { z } from 'zod';

/** An owner's Ubiregi grant: tokens sealed with the key ring, never shown. A record of its own. */
type GrantDocument = ReadDocument & {
  ownerId: string;
  accountId: string;
  accountName: string;
  sealedTokens: string;
  connectedAt: string;
};

/** A pending authorization: the state and PKCE verifier of one "connect" (10 minutes). A record of its own. */
type PendingDocument = ReadDocument & { ownerId: string; sealedVerifier: string; expiresAt: string };

export type UbiregiConnection = {
  ownerId: string;
  accountId: string;
  accountName: string;
  tokens: UbiregiTokens;
  connectedAt: string;
  /** The stored grant's version: a token refresh is written only over the version it was read from. */
  version: number;
};

const Tokens = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().min(1).optional(),
  expiresAt: z.string().optional(),
});

const grantBinding = (ownerId: string) => `ubiregi-grant:${ownerId}`;
const pendingBinding = (state: string) => `ubiregi-pending:${state}`;

/**
 * The owners' Ubiregi grants (`ubiregi_connections`) and pending
 * authorizations (`ubiregi_pending`), sealed and bound to their record.
 * A refresh is written only over the grant it was made from
 * (compare-and-set on the version); see `UbiregiConnectors.refresh`.
 */
export class UbiregiGrants {
  private constructor(
    private readonly grants: Collection<GrantDocument>,
    private readonly pending: Collection<PendingDocument>,
    private readonly box: SecretBox,
  ) {}

  static async open(store: ReadStore, box: SecretBox): Promise<UbiregiGrants> {
    return new UbiregiGrants(
      await store.collection<GrantDocument>('ubiregi_connections', { indexes: [{ fields: [['accountId', 1]] }] }),
      await store.collection<PendingDocument>('ubiregi_pending', { indexes: [{ fields: [['expiresAt', 1]] }] }),
      box,
    );
  }

  async begin(ownerId: string, state: string, verifier: string, now: Date): Promise<void> {
    const expiresAt = new Date(now.getTime() + 10 * 60_000).toISOString();
    await this.pending.upsert({
      id: state,
      version: 1,
      ownerId,
      sealedVerifier: this.box.seal(verifier, pendingBinding(state)),
      expiresAt,
    });
  }

  /** The verifier of this owner's pending authorization; null when the state is unknown, expired or another owner's. */
  async finish(ownerId: string, state: string, now: Date): Promise<string | null> {
    const doc = await this.pending.get(state);
    if (!doc) return null;
    await this.pending.delete(state);
    if (doc.ownerId !== ownerId || Date.parse(doc.expiresAt) < now.getTime()) return null;
    return this.box.open(doc.sealedVerifier, pendingBinding(state));
  }

  /** Stores a new grant (a connect), replacing the owner's earlier one. */
  async connect(c: Omit<UbiregiConnection, 'version'>): Promise<UbiregiConnection> {
    for (;;) {
      const current = await this.grants.get(c.ownerId);
      const version = (current?.version ?? 0) + 1;
      if ((await this.grants.upsert(this.document(c, version))) === 'applied') return { ...c, version };
    }
  }

  /**
   * Writes refreshed tokens over the grant at `expected`. Returns false when
   * the grant changed since (another refresh or a reconnect came first):
   * the caller reads it again and uses what is stored.
   */
  async replaceTokens(connection: UbiregiConnection, tokens: UbiregiTokens): Promise<boolean> {
    const next = { ...connection, tokens };
    return (await this.grants.upsert(this.document(next, connection.version + 1))) === 'applied';
  }

  async get(ownerId: string): Promise<UbiregiConnection | null> {
    const doc = await this.grants.get(ownerId);
    if (!doc) return null;
    const { accountId, accountName, connectedAt, version } = doc;
    const tokens = Tokens.parse(JSON.parse(this.box.open(doc.sealedTokens, grantBinding(ownerId))));
    return { ownerId, accountId, accountName, connectedAt, version, tokens };
  }

  async byAccount(accountId: string): Promise<UbiregiConnection | null> {
    const page = await this.grants.find({ accountId }, { limit: 1 });
    return page.items[0] ? this.get(page.items[0].ownerId) : null;
  }

  async all(): Promise<UbiregiConnection[]> {
    const out: UbiregiConnection[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.grants.find({}, { limit: 1000, cursor });
      for (const doc of page.items) {
        const c = await this.get(doc.id);
        if (c) out.push(c);
      }
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }

  private document(c: Omit<UbiregiConnection, 'version'>, version: number): GrantDocument {
    return {
      id: c.ownerId,
      version,
      ownerId: c.ownerId,
      accountId: c.accountId,
      accountName: c.accountName,
      sealedTokens: this.box.seal(JSON.stringify(c.tokens), grantBinding(c.ownerId)),
      connectedAt: c.connectedAt,
    };
  }
}
