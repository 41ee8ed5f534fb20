import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type Keyring, type SecretKey, parseKeyring } from './keyring';

const VERSION = 'v1';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** A token could not be opened; the message names the key id, never the secret. */
export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';

  constructor(
    message: string,
    /** The key id the token names, when it could be read. */
    readonly keyId?: string,
  ) {
    super(message);
  }
}

interface ParsedToken {
  readonly keyId: string;
  readonly iv: Buffer;
  readonly tag: Buffer;
  readonly ciphertext: Buffer;
}

/**
 * Encrypts secrets at rest (POS access and refresh tokens, OAuth client
 * secrets) with AES-256-GCM. A sealed token is text:
 * `v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64url parts, a random 12-byte IV
 * each time). `v1:<keyId>` is authenticated too (GCM additional data), so a
 * token cannot be relabelled with another key id or version unnoticed.
 * A caller may bind a token to where it belongs (`context`, e.g. the owner,
 * provider and contract of a POS credential): the context is authenticated
 * as well, so a token copied into another record does not open there.
 *
 * The first key of the keyring seals; every key opens. Rotation: put a new
 * key first, keep the old ones, `reseal` every stored token, then drop the
 * old key (docs/security.md).
 */
export class SecretBox {
  constructor(private readonly keyring: Keyring) {}

  /** From the text of `REGICAM_SECRET_KEYS` (see `parseKeyring`). */
  static fromConfig(text: string): SecretBox {
    return new SecretBox(parseKeyring(text));
  }

  /** The id of the key that seals. */
  get currentKeyId(): string {
    return this.keyring[0].id;
  }

  /** The ids of every key that opens, current first. */
  get keyIds(): string[] {
    return this.keyring.map((k) => k.id);
  }

  /** Seals; with `context`, the token opens only with the same context. */
  seal(plaintext: string, context?: string): string {
    const { id, key } = this.keyring[0];
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(id, context));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [iv, cipher.getAuthTag(), ciphertext].map((b) => b.toString('base64url'));
    return [VERSION, id, ...parts].join(':');
  }

  /**
   * The plaintext; throws `SecretBoxError` for a malformed token, an unknown
   * key, a wrong key, another context than it was sealed with, or tampering.
   */
  open(token: string, context?: string): string {
    const parsed = parseToken(token);
    const { key } = this.keyFor(parsed.keyId);
    const decipher = createDecipheriv(ALGORITHM, key, parsed.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(parsed.keyId, context));
    decipher.setAuthTag(parsed.tag);
    try {
      return Buffer.concat([decipher.update(parsed.ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError(
        `secret token sealed with key '${parsed.keyId}' failed authentication: ` +
          `the keyring's key '${parsed.keyId}' is not the one it was sealed with, the token belongs to another record, or it was altered`,
        parsed.keyId,
      );
    }
  }

  /** The key id a token names, without opening it. */
  keyIdOf(token: string): string {
    return parseToken(token).keyId;
  }

  /** Whether the token is sealed with another key than the current one. */
  needsReseal(token: string): boolean {
    return this.keyIdOf(token) !== this.currentKeyId;
  }

  /**
   * The token sealed with the current key; the same token when it already is.
   * Always opens it first, so a re-seal run also finds broken tokens.
   */
  reseal(token: string, context?: string): string {
    const plaintext = this.open(token, context);
    return this.needsReseal(token) ? this.seal(plaintext, context) : token;
  }

  private keyFor(keyId: string): SecretKey {
    const found = this.keyring.find((k) => k.id === keyId);
    if (!found) {
      throw new SecretBoxError(
        `secret token was sealed with key '${keyId}', which is not in the keyring ('${this.keyIds.join("', '")}')`,
        keyId,
      );
    }
    return found;
  }
}

/** `v1:<keyId>`, then the context after a NUL (which no key id holds) when there is one. */
function additionalData(keyId: string, context: string | undefined): Buffer {
  return Buffer.from(context === undefined ? `${VERSION}:${keyId}` : `${VERSION}:${keyId}\u0000${context}`, 'utf8');
}

function parseToken(token: string): ParsedToken {
  const parts = token.split(':');
  if (parts.length !== 5) {
    throw new SecretBoxError('secret token is malformed: expected v1:<keyId>:<iv>:<tag>:<ciphertext>');
  }
  const [version, keyId, iv, tag, ciphertext] = parts as [string, string, string, string, string];
  if (version !== VERSION) {
    throw new SecretBoxError(`secret token has version '${version.slice(0, 8)}', expected '${VERSION}'`);
  }
  if (![iv, tag, ciphertext].every((part) => BASE64URL.test(part))) {
    throw new SecretBoxError(`secret token sealed with key '${keyId}' is malformed: a part is not base64url`, keyId);
  }
  const parsed = {
    keyId,
    iv: Buffer.from(iv, 'base64url'),
    tag: Buffer.from(tag, 'base64url'),
    ciphertext: Buffer.from(ciphertext, 'base64url'),
  };
  if (parsed.iv.length !== IV_BYTES || parsed.tag.length !== TAG_BYTES) {
    throw new SecretBoxError(
      `secret token sealed with key '${keyId}' is malformed: the IV or the tag has the wrong length`,
      keyId,
    );
  }
  return parsed;
}
