import { randomBytes } from 'node:crypto';
import { generateKey, parseKeyring } from './keyring';
import { SecretBox, SecretBoxError } from './secret-box';

const OLD = generateKey('old');
const NEW = generateKey('new');

/** Flips one bit of the decoded part `index` (2 = IV, 3 = tag, 4 = ciphertext) of a token. */
function flip(token: string, index: number): string {
  const parts = token.split(':');
  const bytes = Buffer.from(parts[index]!, 'base64url');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join(':');
}

describe('SecretBox', () => {
  const box = SecretBox.fromConfig(OLD);

  it('opens what it sealed, Unicode included', () => {
    for (const secret of ['', 'a', 'smaregi-access-token-0123456789', 'トークン🔑'.repeat(50)]) {
      expect(box.open(box.seal(secret))).toBe(secret);
    }
  });

  it('seals to a versioned token with a fresh IV each time', () => {
    const [a, b] = [box.seal('same'), box.seal('same')];
    expect(a).toMatch(/^v1:old:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
    expect(a).not.toBe(b);
    expect(a.split(':')[2]).not.toBe(b.split(':')[2]);
    expect(a).not.toContain('same');
  });

  it.each([
    ['IV', 2],
    ['tag', 3],
    ['ciphertext', 4],
  ])('detects a flipped bit in the %s', (_, index) => {
    const token = flip(box.seal('secret-token-value'), index);
    expect(() => box.open(token)).toThrow(SecretBoxError);
    expect(() => box.open(token)).toThrow(/sealed with key 'old' failed authentication/);
  });

  it('detects a token relabelled with another key id, even one holding the same key', () => {
    // parseKeyring refuses one key under two ids; built by hand, the header alone tells them apart.
    const key = randomBytes(32);
    const twins = new SecretBox([
      { id: 'a', key },
      { id: 'b', key },
    ]);
    const relabelled = twins.seal('x').replace(/^v1:a:/, 'v1:b:');
    expect(() => twins.open(relabelled)).toThrow(/sealed with key 'b' failed authentication/);
  });

  it('refuses a wrong key under the same id, naming the id and not the secret', () => {
    const token = box.seal('the-plaintext');
    const impostor = SecretBox.fromConfig(generateKey('old'));
    let error: unknown;
    try {
      impostor.open(token);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SecretBoxError);
    expect((error as SecretBoxError).keyId).toBe('old');
    expect((error as Error).message).toContain("key 'old'");
    expect((error as Error).message).not.toContain('the-plaintext');
  });

  it('names an unknown key id and the keys it has', () => {
    const token = SecretBox.fromConfig(NEW).seal('x');
    expect(() => box.open(token)).toThrow(
      "secret token was sealed with key 'new', which is not in the keyring ('old')",
    );
  });

  it.each([
    ['not a token', /malformed: expected v1:<keyId>:<iv>:<tag>:<ciphertext>/],
    ['v2:old:a:b:c', /version 'v2', expected 'v1'/],
    ['v1:old:a+b:c:d', /key 'old' is malformed: a part is not base64url/],
    ['v1:old:AAAA:AAAA:', /key 'old' is malformed: the IV or the tag has the wrong length/],
  ])('refuses the malformed token %j', (token, message) => {
    expect(() => box.open(token)).toThrow(message);
  });

  describe('bound to a context', () => {
    it('opens only with the context it was sealed with', () => {
      const token = box.seal('pos-token', 'pos-credential:owner-a:smaregi:c1');
      expect(box.open(token, 'pos-credential:owner-a:smaregi:c1')).toBe('pos-token');
      expect(() => box.open(token, 'pos-credential:owner-b:smaregi:c1')).toThrow(/belongs to another record/);
      expect(() => box.open(token)).toThrow(SecretBoxError);
    });

    it('a token sealed without a context does not open with one', () => {
      expect(() => box.open(box.seal('x'), 'somewhere')).toThrow(SecretBoxError);
    });

    it('reseals keeping the context', () => {
      const rotated = new SecretBox(parseKeyring(`${NEW},${OLD}`));
      const resealed = rotated.reseal(box.seal('x', 'here'), 'here');
      expect(rotated.keyIdOf(resealed)).toBe('new');
      expect(rotated.open(resealed, 'here')).toBe('x');
    });
  });

  describe('key rotation', () => {
    it('opens old tokens with the new key first, and reseals them with it', () => {
      const sealedWithOld = box.seal('pos-token');
      const rotated = new SecretBox(parseKeyring(`${NEW},${OLD}`));
      expect(rotated.currentKeyId).toBe('new');
      expect(rotated.open(sealedWithOld)).toBe('pos-token');
      expect(rotated.needsReseal(sealedWithOld)).toBe(true);

      const resealed = rotated.reseal(sealedWithOld);
      expect(rotated.keyIdOf(resealed)).toBe('new');
      expect(resealed).toMatch(/^v1:new:/);
      expect(rotated.needsReseal(resealed)).toBe(false);
      expect(rotated.reseal(resealed)).toBe(resealed);

      // Once every token is resealed, the old key can go.
      expect(SecretBox.fromConfig(NEW).open(resealed)).toBe('pos-token');
      expect(() => SecretBox.fromConfig(NEW).open(sealedWithOld)).toThrow(/key 'old', which is not in the keyring/);
    });

    it('reseal refuses a broken token instead of passing it on', () => {
      const rotated = SecretBox.fromConfig(`${NEW},${OLD}`);
      expect(() => rotated.reseal(flip(rotated.seal('x'), 4))).toThrow(SecretBoxError);
    });
  });
});
