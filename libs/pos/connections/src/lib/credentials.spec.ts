import { SqliteReadStore } from '@regicam/read-store/sqlite';
import { SecretBox, generateKey } from '@regicam/secrets';
import { CredentialUnreadable, POS_CREDENTIALS, PosCredentials } from './credentials';

const now = new Date('2026-12-01T00:00:00Z');
const alice = { ownerId: 'alice', provider: 'smaregi' as const, contractId: 'c1' };
const bob = { ownerId: 'bob', provider: 'smaregi' as const, contractId: 'c1' };
const TOKEN = 'legacy-token-0123456789';

describe('PosCredentials', () => {
  let store: SqliteReadStore;
  let box: SecretBox;
  let credentials: PosCredentials;
  type Doc = { id: string; version: number; sealed: string };
  const raw = async () => store.collection<Doc>(POS_CREDENTIALS);

  beforeEach(async () => {
    store = new SqliteReadStore(':memory:');
    box = SecretBox.fromConfig(generateKey('k1'));
    credentials = await PosCredentials.open(store, box);
  });
  afterEach(() => store.close());

  it('stores a typed credential sealed, shows it masked, and gives the contract a push secret', async () => {
    await credentials.save(alice, { api: 'legacy', accessToken: TOKEN }, now);
    expect(await credentials.get(alice)).toEqual({ api: 'legacy', accessToken: TOKEN });
    expect(await credentials.masked(alice)).toBe('••••••••6789');
    const doc = (await (await raw()).get('alice:smaregi:c1'))!;
    expect(JSON.stringify(doc)).not.toContain(TOKEN);
    expect(await credentials.pushSecret(alice)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('keeps the push secret when the credential changes, and makes a new one on request', async () => {
    await credentials.save(alice, { api: 'legacy', accessToken: TOKEN }, now);
    const first = await credentials.pushSecret(alice);
    await credentials.save(alice, { api: 'platform', clientId: 'app', clientSecret: 'app-secret-9876' }, now);
    expect(await credentials.pushSecret(alice)).toBe(first);
    expect(await credentials.masked(alice)).toBe('••••••••9876');
    const rotated = await credentials.rotatePushSecret(alice, now);
    expect(rotated).not.toBe(first);
    expect(await credentials.byPushSecret('smaregi', 'c1', first!)).toBeNull();
    expect((await credentials.byPushSecret('smaregi', 'c1', rotated))?.ref).toEqual(alice);
  });

  it('finds a contract by its push secret only, whichever owner holds it', async () => {
    await credentials.save(alice, { api: 'legacy', accessToken: TOKEN }, now);
    await credentials.save(bob, { api: 'legacy', accessToken: 'bobs-token-000000' }, now);
    const bobs = (await credentials.pushSecret(bob))!;
    expect((await credentials.byPushSecret('smaregi', 'c1', bobs))?.ref.ownerId).toBe('bob');
    expect(await credentials.byPushSecret('smaregi', 'c1', 'x'.repeat(43))).toBeNull();
    expect(await credentials.byPushSecret('smaregi', 'other', bobs)).toBeNull();
  });

  it('a sealed credential copied into another owner’s record does not open there, and the error tells nothing of it', async () => {
    await credentials.save(alice, { api: 'legacy', accessToken: TOKEN }, now);
    await credentials.save(bob, { api: 'legacy', accessToken: 'bobs-token-000000' }, now);
    const docs = await raw();
    const stolen = (await docs.get('alice:smaregi:c1'))!;
    const target = (await docs.get('bob:smaregi:c1'))!;
    await docs.upsert({ ...target, version: target.version + 1, sealed: stolen.sealed });
    const error = await credentials.get(bob).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialUnreadable);
    expect((error as Error).message).toMatch(/contract c1 \(owner bob\) cannot be read/);
    expect((error as Error).message).not.toContain(TOKEN);
  });

  it('a damaged envelope is unreadable without any of its content in the error', async () => {
    const docs = await raw();
    await credentials.save(alice, { api: 'legacy', accessToken: TOKEN }, now);
    const doc = (await docs.get('alice:smaregi:c1'))!;
    const sealed = box.seal(
      `{"v":1,"credential":{"api":"legacy","accessToken":"${TOKEN}"}`,
      'pos-credential:alice:smaregi:c1',
    );
    await docs.upsert({ ...doc, version: doc.version + 1, sealed });
    const error = await credentials.get(alice).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialUnreadable);
    expect((error as Error).message).not.toContain(TOKEN);
    expect((error as Error).message).not.toContain('accessToken');
  });

  it('forgets a contract', async () => {
    await credentials.save(alice, { api: 'legacy', accessToken: TOKEN }, now);
    expect(await credentials.delete(alice)).toBe(true);
    expect(await credentials.get(alice)).toBeNull();
  });

  it('rewrites records of the former shape (a bare token, Platform credentials as JSON) once, on open', async () => {
    const docs = await raw();
    const legacy = { id: 'alice:smaregi:c1', version: 1, ...alice, sealedToken: box.seal(TOKEN), updatedAt: '' };
    const platform = {
      id: 'bob:smaregi:c1',
      version: 1,
      ...bob,
      sealedToken: box.seal(JSON.stringify({ api: 'platform', clientId: 'app', clientSecret: 'sec-4321' })),
      updatedAt: '',
    };
    await docs.upsert(legacy as never);
    await docs.upsert(platform as never);
    const reopened = await PosCredentials.open(store, box, now);
    expect(await reopened.get(alice)).toEqual({ api: 'legacy', accessToken: TOKEN });
    expect(await reopened.get(bob)).toEqual({ api: 'platform', clientId: 'app', clientSecret: 'sec-4321' });
  });
});
