import { runServerProcess } from '@regicam/http';
import { PosSimulator, generateStoreDay } from '@regicam/pos/simulator';

/**
 * The simulator of the POS vendors' APIs on its own (`npm start` embeds the
 * same one): Smaregi (legacy and Platform) under /smaregi, Ubiregi under
 * /ubiregi. SIM_PORT (default 4000), SIM_REDIRECT_URI (the RegiCam
 * callback the simulated Ubiregi accepts).
 */
async function main(): Promise<{ stop(): Promise<void> }> {
  const sim = new PosSimulator();
  const port = Number(process.env['SIM_PORT'] ?? 4000);
  const url = await sim.start(port, process.env['SIM_HOST'] ?? '127.0.0.1');
  const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
  sim.smaregi.addContract({
    contractId: 'demo',
    accessToken: 'demo-access-token',
    clientId: 'demo-client',
    clientSecret: 'demo-secret',
  });
  sim.smaregi.loadDay('demo', generateStoreDay({ seed: 1, date: today }));
  sim.ubiregi.addAccount({
    id: 1001,
    login: 'demo',
    password: 'demo-password',
    clientId: 'regicam-local',
    clientSecret: 'regicam-local-secret',
    redirectUris: [process.env['SIM_REDIRECT_URI'] ?? 'http://localhost:3000/api/ubiregi/callback'],
  });
  sim.ubiregi.loadDay(1001, generateStoreDay({ seed: 2, date: today, terminals: ['1001'] }));
  process.stdout.write(
    `POS simulator on ${url}\n` +
      `  Smaregi legacy:   ${url}/smaregi/webapi/access/  (contract demo, token demo-access-token)\n` +
      `  Smaregi Platform: ${url}/smaregi/id/app/demo/token, ${url}/smaregi/api/demo/pos/transactions (client demo-client / demo-secret)\n` +
      `  Ubiregi:          ${url}/ubiregi/oauth2/authorize, ${url}/ubiregi/api/3 (login demo / demo-password)\n`,
  );
  return sim;
}

runServerProcess('The POS simulator', main);
