import { mask, type SecretBox } from '@regicam/secrets';
import type { Collection, ReadDocument, ReadStore } from '@regicam/read-store';

/** A POS contract's credentials, sealed with the key ring (AES-256-GCM); never in an event. */
type CredentialDocument = ReadDocument & {
  ownerId: string;
  provider: string;
  contractId: string;
  sealedToken: string;
  updatedAt: string;
};

/**
 * The POS credentials of each owner's contracts. Tokens are sealed before
 * they are stored, opened only to call the POS or to mask them for display.
 */
export class PosCredentials {
  private constructor(
    private readonly docs: Collection<CredentialDocument>,
    private readonly box: SecretBox,
  ) {}

  static async open(store: ReadStore, box: SecretBox): Promise<PosCredentials> {
    const docs = await store.collection<CredentialDocument>('pos_credentials', {
      indexes: [{ fields: [['ownerId', 1]] }],
    });
    return new PosCredentials(docs, box);
  }

  private static id(ownerId: string, provider: string, contractId: string): string {
    return `${ownerId}:${provider}:${contractId}`;
  }

  async save(ownerId: string, provider: string, contractId: string, token: string, now: Date): Promise<void> {
    const id = PosCredentials.id(ownerId, provider, contractId);
    const current = await this.docs.get(id);
    await this.docs.upsert({
      id,
      version: (current?.version ?? 0) + 1,
      ownerId,
      provider,
      contractId,
      sealedToken: this.box.seal(token),
      updatedAt: now.toISOString(),
    });
  }

  /** The token itself, to call the POS with; never for a response or a log. */
  async token(ownerId: string, provider: string, contractId: string): Promise<string | null> {
    const doc = await this.docs.get(PosCredentials.id(ownerId, provider, contractId));
    return doc ? this.box.open(doc.sealedToken) : null;
  }

  /** The token as the owner may see it: all but the last characters hidden. */
  async masked(ownerId: string, provider: string, contractId: string): Promise<string | null> {
    const doc = await this.docs.get(PosCredentials.id(ownerId, provider, contractId));
    if (!doc) return null;
    const stored = this.box.open(doc.sealedToken);
    // Platform API credentials are stored as JSON: the secret is what is masked.
    return mask(
      stored.startsWith('{') ? String((JSON.parse(stored) as { clientSecret?: string }).clientSecret ?? '') : stored,
    );
  }
}
