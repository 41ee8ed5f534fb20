import { PosSimulator } from '@regicam/pos/simulator';

/** The OAuth client RegiCam is at the simulated Ubiregi in these tests. */
const UBIREGI_CLIENT = { clientId: 'regicam-e2e', clientSecret: 'regicam-e2e-secret' };

/** The demo store's POS accounts, as `npm start` seeds them. */
export const DEMO_SMAREGI = { contractId: 'demo', accessToken: 'demo-access-token' };
export const DEMO_UBIREGI = { accountId: 1001, login: 'demo', password: 'demo-password' };

/**
 * The POS vendors' simulator in the test's own process, so that the test
 * can act as the vendor (revoke a Ubiregi grant). RegiCam runs with
 * POS_SIMULATOR=off and every POS URL pointed here (`env`).
 */
export async function startPosSimulator(): Promise<{ sim: PosSimulator; env: Record<string, string> }> {
  const sim = new PosSimulator();
  const url = await sim.start(0);
  sim.smaregi.addContract(DEMO_SMAREGI);
  return {
    sim,
    env: {
      POS_SIMULATOR: 'off',
      SMAREGI_LEGACY_URL: `${url}/smaregi/webapi/access/`,
      SMAREGI_ID_URL: `${url}/smaregi/id`,
      SMAREGI_API_URL: `${url}/smaregi/api`,
      UBIREGI_URL: `${url}/ubiregi`,
      UBIREGI_CLIENT_ID: UBIREGI_CLIENT.clientId,
      UBIREGI_CLIENT_SECRET: UBIREGI_CLIENT.clientSecret,
    },
  };
}

/** The demo Ubiregi account, whose consent sends the owner back to this RegiCam. */
export function addUbiregiAccount(sim: PosSimulator, regicamUrl: string, name: string): void {
  sim.ubiregi.addAccount({
    id: DEMO_UBIREGI.accountId,
    login: DEMO_UBIREGI.login,
    password: DEMO_UBIREGI.password,
    ...UBIREGI_CLIENT,
    redirectUris: [`${regicamUrl}/api/ubiregi/callback`],
    name,
  });
}
