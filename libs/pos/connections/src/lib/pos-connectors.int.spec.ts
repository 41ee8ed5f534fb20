import { PosRejectedError } from '@regicam/pos';
import { PosSimulator } from '@regicam/pos/simulator';
import { SqliteReadStore } from '@regicam/read-store/sqlite';
import { SecretBox, generateKey } from '@regicam/secrets';
import { SIMULATED_UBIREGI_CLIENT, loadPosConfig, onSimulator } from './pos-config';
import { PosConnectors } from './pos-connectors';
import { UbiregiGrants } from './ubiregi-grants';

describe('Ubiregi token renewal, against the simulator', () => {
  const sim = new PosSimulator();
  let store: SqliteReadStore;
  let grants: UbiregiGrants;
  let a: PosConnectors;
  let b: PosConnectors;
  const ACCOUNT = 7001;

  beforeAll(async () => {
    const url = await sim.start(0);
    sim.ubiregi.addAccount({
      id: ACCOUNT,
      login: 'renew',
      password: 'renew-password',
      ...SIMULATED_UBIREGI_CLIENT,
      redirectUris: ['http://localhost:3000/api/ubiregi/callback'],
    });
    store = new SqliteReadStore(':memory:');
    grants = await UbiregiGrants.open(store, SecretBox.fromConfig(generateKey('test')));
    const config = onSimulator(loadPosConfig({ POS_SIMULATOR: 'on' }, 3000, true), url);
    // Two processes (say the API and a worker) on the same stored grant.
    a = new PosConnectors(config, grants);
    b = new PosConnectors(config, grants);
    const issued = sim.ubiregi.issueTokens(ACCOUNT, SIMULATED_UBIREGI_CLIENT.clientId);
    await grants.connect({
      ownerId: 'o-1',
      accountId: String(ACCOUNT),
      accountName: 'renew',
      connectedAt: new Date().toISOString(),
      tokens: { accessToken: issued.access_token, refreshToken: issued.refresh_token },
    });
  });
  afterAll(async () => {
    await store.close();
    await sim.stop();
  });

  it('renews once for many callers of one process, storing the rotated refresh token', async () => {
    const before = (await grants.get('o-1'))!;
    sim.ubiregi.expireAccessTokens(ACCOUNT);
    const accounts = await Promise.all(Array.from({ length: 5 }, () => a.ubiregi(before).currentAccount()));
    expect(accounts.every((acc) => acc.id === String(ACCOUNT) || Number(acc.id) === ACCOUNT)).toBe(true);
    const after = (await grants.get('o-1'))!;
    expect(after.version).toBe(before.version + 1);
    expect(after.tokens.refreshToken).not.toBe(before.tokens.refreshToken);
    // The old refresh token was used once and is gone; the stored one works.
    await expect(a.ubiregiOAuth().refresh(before.tokens.refreshToken!)).rejects.toThrow(PosRejectedError);
  });

  it('two processes renewing the same stale tokens at once end on the stored tokens, which work', async () => {
    sim.ubiregi.expireAccessTokens(ACCOUNT);
    const stale = (await grants.get('o-1'))!;
    const [x, y] = await Promise.all([a.renew('o-1', stale.tokens), b.renew('o-1', stale.tokens)]);
    const stored = (await grants.get('o-1'))!;
    expect(x.accessToken).toBe(stored.tokens.accessToken);
    expect(y.accessToken).toBe(stored.tokens.accessToken);
    expect(Number((await b.ubiregi(stored).currentAccount()).id)).toBe(ACCOUNT);
    // The grant stays renewable: its refresh token was never lost.
    sim.ubiregi.expireAccessTokens(ACCOUNT);
    expect(Number((await a.ubiregi(stored).currentAccount()).id)).toBe(ACCOUNT);
  });

  it('asks the owner to connect again when Ubiregi revokes the grant', async () => {
    sim.ubiregi.revoke(ACCOUNT);
    const stored = (await grants.get('o-1'))!;
    await expect(a.ubiregi(stored).currentAccount()).rejects.toThrow(PosRejectedError);
  });
});
