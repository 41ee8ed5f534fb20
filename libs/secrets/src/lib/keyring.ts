import { randomBytes } from 'node:crypto';

/** The configuration variable that holds the keyring. */
export const SECRET_KEYS_ENV = 'REGICAM_SECRET_KEYS';

/** AES-256 needs 32 bytes of key. */
export const KEY_BYTES = 32;

/** Key ids go into every sealed token, between colons: short, plain characters. */
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

export interface SecretKey {
  readonly id: string;
  readonly key: Buffer;
}

/** The keys, current first: the first seals, every one opens. Never empty. */
export type Keyring = readonly [SecretKey, ...SecretKey[]];

/** The keyring configuration is wrong; the message says which entry and why, never the key. */
export class KeyringError extends Error {
  override readonly name = 'KeyringError';
}

/**
 * Parses `keyId:base64,keyId:base64,...` (the format of `REGICAM_SECRET_KEYS`;
 * a key file may put one entry per line instead). Whitespace around entries
 * and empty entries are ignored. Refuses a bad key
 * id, a key that is not base64 or not 32 bytes, a duplicate id, and the same
 * key under two ids (a rotation that forgot to generate a new key).
 */
export function parseKeyring(text: string): Keyring {
  const entries = text
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) {
    throw new KeyringError(`${SECRET_KEYS_ENV} holds no key: expected keyId:base64-of-32-bytes, current key first`);
  }
  const keys = entries.map((entry, i) => parseEntry(entry, i + 1));
  keys.forEach((key, i) => {
    const earlier = keys.slice(0, i);
    const sameId = earlier.findIndex((k) => k.id === key.id);
    if (sameId >= 0) {
      throw new KeyringError(`${SECRET_KEYS_ENV}: duplicate key id '${key.id}' (entries ${sameId + 1} and ${i + 1})`);
    }
    const sameKey = earlier.find((k) => k.key.equals(key.key));
    if (sameKey) {
      throw new KeyringError(`${SECRET_KEYS_ENV}: keys '${sameKey.id}' and '${key.id}' are the same key`);
    }
  });
  return keys as unknown as Keyring;
}

function parseEntry(entry: string, position: number): SecretKey {
  const colon = entry.indexOf(':');
  if (colon < 0) {
    throw new KeyringError(`${SECRET_KEYS_ENV} entry ${position}: expected keyId:base64-of-32-bytes, found no ':'`);
  }
  const id = entry.slice(0, colon).trim();
  const material = entry.slice(colon + 1).trim();
  if (!KEY_ID.test(id)) {
    throw new KeyringError(
      `${SECRET_KEYS_ENV} entry ${position}: key id '${id}' must be 1 to 64 letters, digits, '.', '_' or '-'`,
    );
  }
  if (!BASE64.test(material)) {
    throw new KeyringError(`${SECRET_KEYS_ENV} entry ${position} ('${id}'): the key is not base64`);
  }
  // Node's base64 decoder reads the standard and the URL-safe alphabet alike.
  const key = Buffer.from(material, 'base64');
  if (key.length !== KEY_BYTES) {
    throw new KeyringError(
      `${SECRET_KEYS_ENV} entry ${position} ('${id}'): the key decodes to ${key.length} bytes, expected ${KEY_BYTES}`,
    );
  }
  return { id, key };
}

/** A new `keyId:base64` entry: 32 random bytes, with a random id unless one is given. */
export function generateKey(keyId = `k${randomBytes(4).toString('hex')}`): string {
  if (!KEY_ID.test(keyId)) {
    throw new KeyringError(`key id '${keyId}' must be 1 to 64 letters, digits, '.', '_' or '-'`);
  }
  return `${keyId}:${randomBytes(KEY_BYTES).toString('base64')}`;
}
