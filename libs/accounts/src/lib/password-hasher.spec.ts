import { DEFAULT_SCRYPT_PARAMS, ScryptPasswordHasher } from './password-hasher';

// Tests hash with N = 2^10; one test checks that the default is the slow one.
const fast = new ScryptPasswordHasher({ N: 2 ** 10 });

describe('ScryptPasswordHasher', () => {
  it('verifies the password it hashed and refuses another', async () => {
    const stored = await fast.hash('correct horse battery');
    await expect(fast.verify('correct horse battery', stored)).resolves.toBe(true);
    await expect(fast.verify('correct horse batterY', stored)).resolves.toBe(false);
    await expect(fast.verify('', stored)).resolves.toBe(false);
  });

  it('stores a self-describing string with a fresh salt each time', async () => {
    const [a, b] = await Promise.all([fast.hash('same password'), fast.hash('same password')]);
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{86}$/);
    expect(a.split('$')[4]).not.toBe(b.split('$')[4]);
    expect(a).not.toBe(b);
  });

  it('hashes with N = 2^17, r = 8, p = 1 by default', async () => {
    expect(DEFAULT_SCRYPT_PARAMS).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    const slow = new ScryptPasswordHasher();
    const stored = await slow.hash('a default-cost password');
    expect(stored).toMatch(/^scrypt\$131072\$8\$1\$/);
    // A hash carries its parameters: a cheaper hasher still verifies it.
    await expect(fast.verify('a default-cost password', stored)).resolves.toBe(true);
  });

  it('tells which hashes were made with other parameters', async () => {
    const stored = await fast.hash('password-1234');
    expect(fast.needsRehash(stored)).toBe(false);
    const stronger = new ScryptPasswordHasher({ N: 2 ** 11 });
    expect(stronger.needsRehash(stored)).toBe(true);
    expect(new ScryptPasswordHasher({ N: 2 ** 10, r: 16 }).needsRehash(stored)).toBe(true);
    // The old hash still verifies with the new parameters, so it can be redone at the next login.
    await expect(stronger.verify('password-1234', stored)).resolves.toBe(true);
    expect(stronger.needsRehash(await stronger.hash('password-1234'))).toBe(false);
  });

  it.each([
    ['bcrypt$10$abc'],
    ['scrypt$1024$8$1$salt'],
    ['scrypt$1000$8$1$c2FsdHNhbHRzYWx0c2FsdA$' + 'A'.repeat(86)],
    ['scrypt$1073741824$8$1$c2FsdHNhbHRzYWx0c2FsdA$' + 'A'.repeat(86)],
    ['scrypt$1024$8$1$c2FsdHNhbHRzYWx0c2FsdA$AAAA'],
    ['scrypt$1024$8$1$c2Fs+dA$' + 'A'.repeat(86)],
  ])('refuses the corrupt stored hash %j instead of answering false', async (stored) => {
    await expect(fast.verify('whatever-password', stored)).rejects.toThrow(
      /stored password hash is malformed|out of range/,
    );
  });

  it('refuses parameters out of range', () => {
    expect(() => new ScryptPasswordHasher({ N: 1000 })).toThrow('scrypt parameters N=1000, r=8, p=1 are out of range');
    expect(() => new ScryptPasswordHasher({ r: 0 })).toThrow(/out of range/);
  });

  it('finishes every hash when more are asked for than run at once', async () => {
    const single = new ScryptPasswordHasher({ N: 2 ** 10, maxConcurrent: 1 });
    const hashes = await Promise.all(Array.from({ length: 6 }, (_, i) => single.hash(`password-${i}`)));
    const checks = await Promise.all(hashes.map((h, i) => single.verify(`password-${i}`, h)));
    expect(checks).toEqual([true, true, true, true, true, true]);
  });
});
