import type { PosProvider } from '@regicam/domain';
import type { Collection, ReadDocument, ReadStore } from '@regicam/read-store';
import { mask, SecretBoxError, type SecretBox } from '@regicam/secrets';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * How RegiCam reaches a Smaregi contract: the legacy スマレジAPI (契約ID +
 * アクセストークン, what the manual sets up) or the Platform API (an app's
 * client id and secret).
 */
export type SmaregiCredential =
  { api: 'legacy'; accessToken: string } | { api: 'platform'; clientId: string; clientSecret: string };

/** Whose contract: the owner, the POS and the contract there. */
export type ContractRef = { ownerId: string; provider: PosProvider; contractId: string };

/**
 * What is sealed: a versioned, typed envelope. The sealed text is bound to
 * its record (owner, provider, contract), so a sealed value copied into
 * another owner's record does not open there.
 */
const Envelope = z.object({
  v: z.literal(1),
  credential: z.discriminatedUnion('api', [
    z.object({ api: z.literal('legacy'), accessToken: z.string().min(1) }).strict(),
    z.object({ api: z.literal('platform'), clientId: z.string().min(1), clientSecret: z.string().min(1) }).strict(),
  ]),
  /** The secret in the push / webhook URL (API送信設定) of this contract. */
  pushSecret: z.string().min(32),
});
type Envelope = z.infer<typeof Envelope>;

/** A record of its own (not a projection: it cannot be rebuilt from events). */
type CredentialDocument = ReadDocument & {
  ownerId: string;
  provider: PosProvider;
  contractId: string;
  /** SecretBox text of the JSON envelope, sealed with the record's binding as context. */
  sealed: string;
  updatedAt: string;
};

export const POS_CREDENTIALS = 'pos_credentials';

/** A stored credential that cannot be opened or read: the message names the record, never any of its content. */
export class CredentialUnreadable extends Error {
  override readonly name = 'CredentialUnreadable';

  constructor(ref: ContractRef, why: string) {
    super(
      `the stored ${ref.provider} credentials of contract ${ref.contractId} (owner ${ref.ownerId}) cannot be read (${why}); ` +
        'the owner must enter them again (link the register again)',
    );
  }
}

const binding = (ref: ContractRef) => `pos-credential:${ref.ownerId}:${ref.provider}:${ref.contractId}`;
const docId = (ref: ContractRef) => `${ref.ownerId}:${ref.provider}:${ref.contractId}`;

/** A fresh push secret: 32 random bytes, base64url (43 characters). */
export const newPushSecret = (): string => randomBytes(32).toString('base64url');

/** Compares two secrets in constant time (for their length). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The POS credentials of each owner's contracts (collection
 * `pos_credentials`). Sealed before they are stored; opened only to call
 * the POS, to check a push secret, or to mask them for display.
 */
export class PosCredentials {
  private constructor(
    private readonly docs: Collection<CredentialDocument>,
    private readonly box: SecretBox,
  ) {}

  static async open(store: ReadStore, box: SecretBox, now = new Date()): Promise<PosCredentials> {
    const docs = await store.collection<CredentialDocument>(POS_CREDENTIALS, {
      indexes: [{ fields: [['ownerId', 1]] }, { fields: [['contractId', 1]] }],
    });
    const credentials = new PosCredentials(docs, box);
    await credentials.upgradeUnbound(now);
    return credentials;
  }

  /**
   * Records written before credentials were enveloped and bound
   * (`sealedToken`: a bare legacy token, or Platform credentials as JSON)
   * are rewritten in the current form once, when the store is opened.
   */
  private async upgradeUnbound(now: Date): Promise<void> {
    const page = await this.docs.find({ sealed: null }, { limit: 1000 });
    for (const doc of page.items) {
      const old = (doc as unknown as { sealedToken?: unknown }).sealedToken;
      if (typeof old !== 'string') continue;
      const ref = { ownerId: doc.ownerId, provider: doc.provider, contractId: doc.contractId };
      const text = this.box.open(old);
      const credential: SmaregiCredential = text.startsWith('{')
        ? { api: 'platform', ...(JSON.parse(text) as { clientId: string; clientSecret: string }) }
        : { api: 'legacy', accessToken: text };
      await this.write(ref, doc, { v: 1, credential, pushSecret: newPushSecret() }, now);
    }
  }

  /** Stores the credential; the contract keeps its push secret, or gets its first one. */
  async save(ref: ContractRef, credential: SmaregiCredential, now: Date): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.docs.get(docId(ref));
      const pushSecret = current ? this.read(ref, current).pushSecret : newPushSecret();
      const outcome = await this.write(ref, current, { v: 1, credential, pushSecret }, now);
      if (outcome === 'applied') return;
      if (attempt >= 3) throw new Error(`the credentials of contract ${ref.contractId} changed at the same time`);
    }
  }

  /** The credential itself, to call the POS with; never for a response or a log. */
  async get(ref: ContractRef): Promise<SmaregiCredential | null> {
    const doc = await this.docs.get(docId(ref));
    return doc ? this.read(ref, doc).credential : null;
  }

  /** The secret the owner puts in Smaregi's API送信設定 URL. */
  async pushSecret(ref: ContractRef): Promise<string | null> {
    const doc = await this.docs.get(docId(ref));
    return doc ? this.read(ref, doc).pushSecret : null;
  }

  /** A new push secret; the old URL stops working at once. Returns the new secret. */
  async rotatePushSecret(ref: ContractRef, now: Date): Promise<string> {
    const doc = await this.docs.get(docId(ref));
    if (!doc) throw new Error(`no credentials are stored for contract ${ref.contractId}`);
    const envelope = { ...this.read(ref, doc), pushSecret: newPushSecret() };
    if ((await this.write(ref, doc, envelope, now)) !== 'applied') {
      throw new Error(`the credentials of contract ${ref.contractId} changed at the same time; try again`);
    }
    return envelope.pushSecret;
  }

  /**
   * The credential of whichever owner's record of this contract holds
   * `secret` as its push secret, compared in constant time; null for an
   * unknown contract and a wrong secret alike.
   */
  async byPushSecret(
    provider: PosProvider,
    contractId: string,
    secret: string,
  ): Promise<{ ref: ContractRef; credential: SmaregiCredential } | null> {
    const page = await this.docs.find({ provider, contractId }, { limit: 100 });
    let found: { ref: ContractRef; credential: SmaregiCredential } | null = null;
    for (const doc of page.items) {
      const ref = { ownerId: doc.ownerId, provider, contractId };
      let envelope: Envelope;
      try {
        envelope = this.read(ref, doc);
      } catch {
        continue;
      }
      // Every record is compared, so the time taken does not tell which one matched.
      if (sameSecret(envelope.pushSecret, secret) && !found) found = { ref, credential: envelope.credential };
    }
    return found;
  }

  /** The contracts an owner has stored credentials for, with the API each uses. */
  async contractsOf(ownerId: string): Promise<{ ref: ContractRef; api: SmaregiCredential['api'] }[]> {
    const page = await this.docs.find({ ownerId }, { sort: [['contractId', 1]], limit: 1000 });
    const out: { ref: ContractRef; api: SmaregiCredential['api'] }[] = [];
    for (const doc of page.items) {
      const ref = { ownerId, provider: doc.provider, contractId: doc.contractId };
      out.push({ ref, api: this.read(ref, doc).credential.api });
    }
    return out;
  }

  /** The credential as the owner may see it: all but the last characters hidden. */
  async masked(ref: ContractRef): Promise<string | null> {
    const credential = await this.get(ref);
    if (!credential) return null;
    return mask(credential.api === 'legacy' ? credential.accessToken : credential.clientSecret);
  }

  /** Forgets the contract's credentials (when its last link goes). */
  async delete(ref: ContractRef): Promise<boolean> {
    return (await this.docs.delete(docId(ref))) === 'deleted';
  }

  private read(ref: ContractRef, doc: CredentialDocument): Envelope {
    let text: string;
    try {
      text = this.box.open(doc.sealed, binding(ref));
    } catch (error) {
      throw new CredentialUnreadable(
        ref,
        error instanceof SecretBoxError ? 'it does not open with the key ring' : 'it is damaged',
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new CredentialUnreadable(ref, 'it is not a credential envelope');
    }
    const parsed = Envelope.safeParse(json);
    if (!parsed.success) throw new CredentialUnreadable(ref, 'it is not a credential envelope of version 1');
    return parsed.data;
  }

  private write(ref: ContractRef, current: CredentialDocument | null, envelope: Envelope, now: Date) {
    return this.docs.upsert({
      id: docId(ref),
      version: (current?.version ?? 0) + 1,
      ownerId: ref.ownerId,
      provider: ref.provider,
      contractId: ref.contractId,
      sealed: this.box.seal(JSON.stringify(envelope), binding(ref)),
      updatedAt: now.toISOString(),
    });
  }
}
