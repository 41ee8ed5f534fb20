import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKeyring } from './key-file';
import { KeyringError, generateKey, parseKeyring } from './keyring';

const key = (byte: number, length = 32) => Buffer.alloc(length, byte).toString('base64');

describe('parseKeyring', () => {
  it('reads the keys in order, current first', () => {
    const keyring = parseKeyring(` new:${key(1)} , old:${key(2)},`);
    expect(keyring.map((k) => k.id)).toEqual(['new', 'old']);
    expect(keyring[0].key).toEqual(Buffer.alloc(32, 1));
  });

  it('reads URL-safe base64 and one entry per line', () => {
    const urlSafe = Buffer.alloc(32, 0xfb).toString('base64url');
    expect(parseKeyring(`a:${urlSafe}\nb:${key(3)}\n`).map((k) => k.id)).toEqual(['a', 'b']);
  });

  it.each([
    ['', /holds no key/],
    [' , ', /holds no key/],
    [`${key(1)}`, /entry 1: expected keyId:base64-of-32-bytes, found no ':'/],
    [`k1:${key(1)},bad id:${key(2)}`, /entry 2: key id 'bad id' must be/],
    [`k1:not*base64!`, /entry 1 \('k1'\): the key is not base64/],
    [`k1:${key(1, 16)}`, /entry 1 \('k1'\): the key decodes to 16 bytes, expected 32/],
    [`k1:${key(1)},k2:${key(2)},k1:${key(3)}`, /duplicate key id 'k1' \(entries 1 and 3\)/],
    [`k1:${key(1)},k2:${key(1)}`, /keys 'k1' and 'k2' are the same key/],
  ])('refuses %j', (text, message) => {
    expect(() => parseKeyring(text)).toThrow(KeyringError);
    expect(() => parseKeyring(text)).toThrow(message);
  });

  it('never puts key material in its errors', () => {
    const material = key(7, 31);
    expect(() => parseKeyring(`k1:${material}`)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(material) }),
    );
  });
});

describe('generateKey', () => {
  it('makes an entry parseKeyring reads, with a fresh key each time', () => {
    const [a, b] = [generateKey(), generateKey('k2025')];
    expect(b).toMatch(/^k2025:[A-Za-z0-9+/]{43}=$/);
    const keyring = parseKeyring(`${b},${a}`);
    expect(keyring[0].key).toHaveLength(32);
    expect(keyring[1].id).toMatch(/^k[0-9a-f]{8}$/);
  });

  it('refuses a key id that would break the format', () => {
    expect(() => generateKey('a:b')).toThrow(/key id 'a:b'/);
  });
});

describe('loadKeyring', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'secrets-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prefers the configured keyring and leaves the key file alone', () => {
    const keyFile = join(dir, 'secret-keys');
    const { keyring, source } = loadKeyring({ configured: `conf:${key(4)}`, keyFile });
    expect([keyring[0].id, source]).toEqual(['conf', 'configured']);
    expect(() => statSync(keyFile)).toThrow();
  });

  it('generates a private key file once, then reads it back', () => {
    const keyFile = join(dir, 'secret-keys');
    const first = loadKeyring({ configured: '  ', keyFile });
    expect(first.source).toBe('generated');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const again = loadKeyring({ keyFile });
    expect(again.source).toBe('file');
    expect(again.keyring[0]).toEqual(first.keyring[0]);
    expect(readFileSync(keyFile, 'utf8')).toMatch(/^k[0-9a-f]{8}:\S{44}\n$/);
  });

  it('reads a rotated key file, current key first', () => {
    const keyFile = join(dir, 'secret-keys');
    writeFileSync(keyFile, `new:${randomBytes(32).toString('base64')}\nold:${key(5)}\n`);
    expect(loadKeyring({ keyFile }).keyring.map((k) => k.id)).toEqual(['new', 'old']);
  });

  it('says what is missing when there is neither', () => {
    expect(() => loadKeyring({})).toThrow('REGICAM_SECRET_KEYS is not set and no key file was given');
  });
});
