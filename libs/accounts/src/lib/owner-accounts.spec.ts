import type { ReadStore } from '@regicam/read-store';
// The feature uses the port only; its tests run it on the embedded adapter
// (the boundary rule leaves spec files free to import adapters).
import { SqliteReadStore } from '@regicam/read-store/sqlite';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmailTaken, InvalidCredentials, InvalidOwnerInput, TooManyAttempts } from './errors';
import { LoginThrottle } from './login-throttle';
import { OwnerAccounts, type OwnerDocument, type SessionDocument } from './owner-accounts';
import { ScryptPasswordHasher } from './password-hasher';

const T0 = new Date('2025-06-01T09:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const PASSWORD = 'correct horse battery';
const ALICE = { email: 'Alice@Example.com', password: PASSWORD, displayName: 'Alice' };

describe('OwnerAccounts', () => {
  let dir: string;
  let store: ReadStore;
  let hasher: ScryptPasswordHasher;
  let accounts: OwnerAccounts;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'accounts-'));
    store = new SqliteReadStore(join(dir, 'read.sqlite'));
    hasher = new ScryptPasswordHasher({ N: 2 ** 10 });
    accounts = await OwnerAccounts.open(store, { hasher, throttle: new LoginThrottle() });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sessions = () => store.collection<SessionDocument>('sessions');
  const owners = () => store.collection<OwnerDocument>('owners');
  const login = (email = 'alice@example.com', password = PASSWORD, now = T0, ip = '192.0.2.10') =>
    accounts.login(email, password, { now, ip });

  describe('creating an owner', () => {
    it('stores the normalised email and a hash, never the password', async () => {
      const owner = await accounts.create({ ...ALICE, email: '  Alice@Example.COM ' }, { id: 'o-1', now: T0 });
      expect(owner).toEqual({ id: 'o-1', email: 'alice@example.com', displayName: 'Alice' });
      const doc = await (await owners()).get('o-1');
      expect(doc).toMatchObject({ version: 1, email: 'alice@example.com', createdAt: '2025-06-01T09:00:00.000Z' });
      expect(doc?.passwordHash).toMatch(/^scrypt\$1024\$8\$1\$/);
      expect(JSON.stringify(doc)).not.toContain(PASSWORD);
    });

    it('finds an owner by email, whatever its case and spaces', async () => {
      await accounts.create(ALICE, { id: 'o-1', now: T0 });
      expect(await accounts.getOwnerByEmail(' ALICE@example.com')).toEqual({
        id: 'o-1',
        email: 'alice@example.com',
        displayName: 'Alice',
      });
      expect(await accounts.getOwnerByEmail('bob@example.com')).toBeNull();
    });

    it('refuses an email another owner has, whatever its case', async () => {
      await accounts.create(ALICE, { id: 'o-1', now: T0 });
      const duplicate = accounts.create({ ...ALICE, email: 'ALICE@example.com ' }, { id: 'o-2', now: T0 });
      await expect(duplicate).rejects.toBeInstanceOf(EmailTaken);
      await expect((await owners()).count()).resolves.toBe(1);
    });

    it('names the field at fault', async () => {
      const attempt = accounts.create({ ...ALICE, password: 'too-short' }, { id: 'o-1', now: T0 });
      await expect(attempt).rejects.toThrow(InvalidOwnerInput);
      await expect(attempt).rejects.toMatchObject({ field: 'password' });
      await expect(accounts.create({ ...ALICE, email: 'nope' }, { id: 'o-1', now: T0 })).rejects.toMatchObject({
        field: 'email',
      });
    });

    it('refuses an id that is taken', async () => {
      await accounts.create(ALICE, { id: 'o-1', now: T0 });
      await expect(accounts.create({ ...ALICE, email: 'bob@example.com' }, { id: 'o-1', now: T0 })).rejects.toThrow(
        "owner 'o-1' already exists",
      );
    });
  });

  describe('logging in', () => {
    beforeEach(() => accounts.create(ALICE, { id: 'o-1', now: T0 }));

    it('opens a 12-hour session stored under the hash of its token', async () => {
      const result = await login(' ALICE@example.com ');
      expect(result.ownerId).toBe('o-1');
      expect(result.sessionToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(result.expiresAt).toBe('2025-06-01T21:00:00.000Z');
      const { items } = await (await sessions()).find();
      expect(items).toEqual([
        {
          id: expect.stringMatching(/^[0-9a-f]{64}$/),
          version: 1,
          ownerId: 'o-1',
          createdAt: T0.toISOString(),
          expiresAt: result.expiresAt,
          ip: '192.0.2.10',
        },
      ]);
      expect(JSON.stringify(items)).not.toContain(result.sessionToken);
    });

    it('refuses a wrong password and an unknown email alike, verifying a hash either way', async () => {
      const verify = jest.spyOn(hasher, 'verify');
      const wrong = await login('alice@example.com', 'not the password').catch((e: unknown) => e);
      const unknown = await login('nobody@example.com', PASSWORD).catch((e: unknown) => e);
      expect(wrong).toBeInstanceOf(InvalidCredentials);
      expect(unknown).toBeInstanceOf(InvalidCredentials);
      expect((wrong as Error).message).toBe((unknown as Error).message);
      expect(verify).toHaveBeenCalledTimes(2);
      expect(verify.mock.calls[1]![1]).toMatch(/^scrypt\$1024\$8\$1\$/);
    });

    it('rehashes a hash made with older parameters', async () => {
      const stronger = new ScryptPasswordHasher({ N: 2 ** 11 });
      const upgraded = await OwnerAccounts.open(store, { hasher: stronger });
      await upgraded.login('alice@example.com', PASSWORD, { now: T0, ip: '192.0.2.10' });
      const doc = await (await owners()).get('o-1');
      expect(doc).toMatchObject({ version: 2, passwordHash: expect.stringMatching(/^scrypt\$2048\$8\$1\$/) });
      await expect(upgraded.login('alice@example.com', PASSWORD, { now: T0, ip: '192.0.2.10' })).resolves.toBeDefined();
    });
  });

  describe('sessions', () => {
    let token: string;
    beforeEach(async () => {
      await accounts.create(ALICE, { id: 'o-1', now: T0 });
      token = (await login()).sessionToken;
    });

    it('authenticate gives the owner of a live session', async () => {
      await expect(accounts.authenticate(token, at(60))).resolves.toEqual({
        id: 'o-1',
        email: 'alice@example.com',
        displayName: 'Alice',
      });
    });

    it('a session hash read from the store is not a token', async () => {
      const { items } = await (await sessions()).find();
      const stolen = items[0]!.id;
      await expect(accounts.authenticate(stolen, at(60))).resolves.toBeNull();
      // Even cut to a token's shape.
      await expect(accounts.authenticate(stolen.slice(0, 43), at(60))).resolves.toBeNull();
      await expect(
        accounts.authenticate(token.slice(0, 42) + (token.endsWith('A') ? 'B' : 'A'), at(60)),
      ).resolves.toBeNull();
    });

    it('refuses and deletes an expired session (absolute, not renewed by use)', async () => {
      await expect(accounts.authenticate(token, at(12 * 3600 - 1))).resolves.not.toBeNull();
      await expect(accounts.authenticate(token, at(12 * 3600))).resolves.toBeNull();
      await expect((await sessions()).count()).resolves.toBe(0);
    });

    it('logout ends the session, and is idempotent', async () => {
      await accounts.logout(token);
      await expect(accounts.authenticate(token, at(60))).resolves.toBeNull();
      await expect(accounts.logout(token)).resolves.toBeUndefined();
      await expect(accounts.logout('not a token')).resolves.toBeUndefined();
    });

    it('takes the lifetime from the options', async () => {
      const short = await OwnerAccounts.open(store, { hasher, sessionTtlSeconds: 60 });
      const result = await short.login('alice@example.com', PASSWORD, { now: T0, ip: '192.0.2.10' });
      expect(result.expiresAt).toBe(at(60).toISOString());
      await expect(short.authenticate(result.sessionToken, at(60))).resolves.toBeNull();
    });

    it('purges expired sessions, keeping live ones', async () => {
      const later = await login('alice@example.com', PASSWORD, at(3600));
      await expect(accounts.purgeExpiredSessions(at(12 * 3600))).resolves.toBe(1);
      await expect(accounts.authenticate(later.sessionToken, at(12 * 3600))).resolves.not.toBeNull();
    });

    it('changing the password ends the other sessions and keeps this one', async () => {
      const other = (await login('alice@example.com', PASSWORD, at(10), '198.51.100.1')).sessionToken;
      await accounts.changePassword(
        'o-1',
        { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' },
        { now: at(20), ip: '192.0.2.10', keepSessionToken: token },
      );
      await expect(accounts.authenticate(token, at(30))).resolves.not.toBeNull();
      await expect(accounts.authenticate(other, at(30))).resolves.toBeNull();
      await expect(login('alice@example.com', PASSWORD, at(40))).rejects.toBeInstanceOf(InvalidCredentials);
      await expect(login('alice@example.com', 'a brand new passphrase', at(50))).resolves.toBeDefined();
    });

    it('changing the password checks the current one and the new one', async () => {
      const context = { now: at(20), ip: '192.0.2.10' };
      await expect(
        accounts.changePassword(
          'o-1',
          { currentPassword: 'wrong password', newPassword: 'a brand new passphrase' },
          context,
        ),
      ).rejects.toBeInstanceOf(InvalidCredentials);
      await expect(
        accounts.changePassword('o-1', { currentPassword: PASSWORD, newPassword: 'short' }, context),
      ).rejects.toMatchObject({ field: 'password' });
      await expect(accounts.authenticate(token, at(30))).resolves.not.toBeNull();
    });
  });

  describe('throttled logins', () => {
    beforeEach(() => accounts.create(ALICE, { id: 'o-1', now: T0 }));

    it('refuses the 6th attempt for an email before checking the password, even the right one', async () => {
      for (let i = 0; i < 5; i++) {
        await expect(login('alice@example.com', 'wrong password', at(i), `10.0.0.${i}`)).rejects.toBeInstanceOf(
          InvalidCredentials,
        );
      }
      const verify = jest.spyOn(hasher, 'verify');
      const refused = login('alice@example.com', PASSWORD, at(60), '10.0.0.99');
      await expect(refused).rejects.toBeInstanceOf(TooManyAttempts);
      await expect(refused).rejects.toMatchObject({ retryAfterSeconds: 15 * 60 - 60 });
      expect(verify).not.toHaveBeenCalled();
      await expect(login('alice@example.com', PASSWORD, at(15 * 60), '10.0.0.99')).resolves.toBeDefined();
    });

    it('refuses an address after 20 failures, whatever the email', async () => {
      for (let i = 0; i < 20; i++) {
        await expect(login(`user${i}@example.com`, PASSWORD, at(i), '203.0.113.5')).rejects.toBeInstanceOf(
          InvalidCredentials,
        );
      }
      await expect(login('alice@example.com', PASSWORD, at(30), '203.0.113.5')).rejects.toBeInstanceOf(TooManyAttempts);
      await expect(login('alice@example.com', PASSWORD, at(30), '203.0.113.6')).resolves.toBeDefined();
    });

    it('a success clears the count of the email', async () => {
      for (let i = 0; i < 4; i++) await login('alice@example.com', 'wrong password', at(i)).catch(() => undefined);
      await login('alice@example.com', PASSWORD, at(10));
      for (let i = 0; i < 4; i++) await login('alice@example.com', 'wrong password', at(20 + i)).catch(() => undefined);
      await expect(login('alice@example.com', PASSWORD, at(30))).resolves.toBeDefined();
    });
  });
});
