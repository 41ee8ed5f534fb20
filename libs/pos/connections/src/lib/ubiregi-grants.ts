import type { UbiregiTokens } from '@regicam/pos/ubiregi';
import type { Collection, ReadDocument, ReadStore } from '@regicam/read-store';
import type { SecretBox } from '@regicam/secrets';

/** An owner's Ubiregi grant: tokens sealed with the key ring, never shown. */
type ConnectionDocument = ReadDocument & {
  ownerId: string;
  accountId: string;
  accountName: string;
  sealedTokens: string;
  connectedAt: string;
};

/** A pending authorization: the state and PKCE verifier of one "connect" (10 minutes). */
type PendingDocument = ReadDocument & { ownerId: string; sealedVerifier: string; expiresAt: string };

export type UbiregiConnection = {
  ownerId: string;
  accountId: string;
  accountName: string;
  tokens: UbiregiTokens;
  connectedAt: string;
};

export class UbiregiConnections {
  private constructor(
    private readonly connections: Collection<ConnectionDocument>,
    private readonly pending: Collection<PendingDocument>,
    private readonly box: SecretBox,
  ) {}

  static async open(store: ReadStore, box: SecretBox): Promise<UbiregiConnections> {
    return new UbiregiConnections(
      await store.collection<ConnectionDocument>('ubiregi_connections', { indexes: [{ fields: [['accountId', 1]] }] }),
      await store.collection<PendingDocument>('ubiregi_pending', { indexes: [{ fields: [['expiresAt', 1]] }] }),
      box,
    );
  }

  async begin(ownerId: string, state: string, verifier: string, now: Date): Promise<void> {
    const expiresAt = new Date(now.getTime() + 10 * 60_000).toISOString();
    await this.pending.upsert({ id: state, version: 1, ownerId, sealedVerifier: this.box.seal(verifier), expiresAt });
  }

  /** The verifier of this owner's pending authorization; null when the state is unknown, expired or another owner's. */
  async finish(ownerId: string, state: string, now: Date): Promise<string | null> {
    const doc = await this.pending.get(state);
    if (!doc) return null;
    await this.pending.delete(state);
    if (doc.ownerId !== ownerId || Date.parse(doc.expiresAt) < now.getTime()) return null;
    return this.box.open(doc.sealedVerifier);
  }

  async save(c: UbiregiConnection): Promise<void> {
    const current = await this.connections.get(c.ownerId);
    await this.connections.upsert({
      id: c.ownerId,
      version: (current?.version ?? 0) + 1,
      ownerId: c.ownerId,
      accountId: c.accountId,
      accountName: c.accountName,
      sealedTokens: this.box.seal(JSON.stringify(c.tokens)),
      connectedAt: c.connectedAt,
    });
  }

  async get(ownerId: string): Promise<UbiregiConnection | null> {
    const doc = await this.connections.get(ownerId);
    if (!doc) return null;
    const { ownerId: id, accountId, accountName, connectedAt } = doc;
    return {
      ownerId: id,
      accountId,
      accountName,
      connectedAt,
      tokens: JSON.parse(this.box.open(doc.sealedTokens)) as UbiregiTokens,
    };
  }

  async all(): Promise<UbiregiConnection[]> {
    const out: UbiregiConnection[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.connections.find({}, { limit: 1000, cursor });
      for (const doc of page.items) {
        const c = await this.get(doc.id);
        if (c) out.push(c);
      }
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }
}
