import { onCameraSimulator } from '@regicam/cameras/gateway';
import { SIMULATED_POS_ITEM_ID } from '@regicam/cameras/simulator';
import { ensureRegiCamTopics, openStores } from '@regicam/runtime';
import { Logger } from 'nestjs-pino';
import { createApp } from './app/create-app';
import { loadConfig } from './config';
import { DEMO_OWNER, seedDemo } from './demo';
import { giveDemoCamerasSources, startDemoCameras } from './demo-cameras';
import { DEMO_POS, startDemoPos, withDemoPos } from './demo-pos';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

async function main(): Promise<void> {
  // 1. configuration and stores (the embedded default: SQLite files under DATA_DIR)
  let config = loadConfig();
  const stores = await openStores(config.stores);
  const seeded = config.embedded && config.demo ? await seedDemo(stores, new Date()) : false;
  // 2. every topic, created before any role sends or reads (the embedded default; `regicam topics` elsewhere)
  const topicProblems = config.embedded ? await ensureRegiCamTopics(stores.messageLog, config.stores.messageLog) : [];
  // 3. the simulators of the POS vendors' APIs and of Safie's, when configured (the embedded default)
  const pos = config.pos.simulator ? await startDemoPos(config.pos.simulator.port, config.pos.publicUrl) : null;
  if (pos) config = withDemoPos(config, pos.url);
  const cameras = config.cameras.simulator
    ? await startDemoCameras(config.cameras.simulator.port, config.cameras.simulatorApiKey)
    : null;
  if (cameras) config = { ...config, cameras: onCameraSimulator(config.cameras, cameras.url) };
  const sourced =
    cameras && config.embedded && config.demo ? await giveDemoCamerasSources(stores, cameras.account, new Date()) : 0;
  // 4. the process: the API, the portal, and the roles it hosts (all of them in the embedded default)
  const app = await createApp(config, { stores });
  await app.listen(config.port, config.host);
  const url = `http://localhost:${config.port}`;
  const log = app.get(Logger);
  log.log(
    `RegiCam is running on ${url} (API under ${url}/api; listening on ${config.host}). Data: ${config.stores.dataDir}. ` +
      `Roles: ${config.roles.join(', ') || 'none'}. Press Ctrl-C to stop.`,
  );
  if (stores.newKey)
    log.log(`A new secret key was written to ${config.stores.secrets.keyFile}; back it up with the data.`);
  if (config.embedded && config.demo) {
    log.log(
      `${seeded ? 'Demo owner created' : 'Demo owner'}: log in at ${url} with ${DEMO_OWNER.email} / ${DEMO_OWNER.password}` +
        ` (curl -c cookies -H 'content-type: application/json' -d '{"email":"${DEMO_OWNER.email}","password":"${DEMO_OWNER.password}"}' ${url}/api/auth/login)`,
    );
    if (!LOOPBACK.has(config.host)) {
      log.warn(
        `HOST=${config.host}: the demo owner (${DEMO_OWNER.email}, password known to anyone who reads this) can log in ` +
          'from other machines. Set DEMO=off, or HOST=127.0.0.1 to keep RegiCam to this machine.',
      );
    }
  }
  for (const problem of topicProblems) log.warn(problem.message);
  if (cameras) {
    log.log(
      `Camera simulator (Safie API v2) on ${cameras.url}: key ${config.cameras.simulatorApiKey}, cameras ` +
        `${cameras.account.cameras.map((c) => c.deviceId).join(', ')} (POS option item ${SIMULATED_POS_ITEM_ID})` +
        (sourced > 0 ? `; ${sourced} demo cameras read from it` : ''),
    );
    process.once('beforeExit', () => void cameras.stop());
  }
  if (pos) {
    log.log(
      `POS simulator on ${pos.url}: Smaregi contract ${DEMO_POS.smaregi.contractId} (access token ${DEMO_POS.smaregi.accessToken}, terminals ${DEMO_POS.smaregi.terminals.join(', ')}); ` +
        `Ubiregi account ${DEMO_POS.ubiregi.login} / ${DEMO_POS.ubiregi.password} (${url}/api/ubiregi/connect). A sale rings up every 20 s.`,
    );
    process.once('beforeExit', () => void pos.stop());
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`RegiCam could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
