import { openStores } from '@regicam/runtime';
import { Logger } from 'nestjs-pino';
import { createApp } from './app/create-app';
import { loadConfig } from './config';
import { DEMO_OWNER, seedDemo } from './demo';

async function main(): Promise<void> {
  // 1. configuration and stores (the embedded default: SQLite files under DATA_DIR)
  const config = loadConfig();
  const stores = await openStores(config.stores);
  const embedded = config.stores.eventStore.kind === 'sqlite' && config.stores.readStore.kind === 'sqlite';
  const seeded = embedded && config.demo ? await seedDemo(stores, new Date()) : false;
  // 2. the HTTP process: API, portal, projections
  const app = await createApp(config, stores);
  await app.listen(config.port, config.host);
  const url = `http://localhost:${config.port}`;
  const log = app.get(Logger);
  log.log(`RegiCam is running on ${url} (API under ${url}/api). Data: ${config.stores.dataDir}. Press Ctrl-C to stop.`);
  if (stores.newKey)
    log.log(`A new secret key was written to ${config.stores.secrets.keyFile}; back it up with the data.`);
  if (embedded && config.demo) {
    log.log(
      `${seeded ? 'Demo owner created' : 'Demo owner'}: log in at ${url} with ${DEMO_OWNER.email} / ${DEMO_OWNER.password}` +
        ` (curl -c cookies -H 'content-type: application/json' -d '{"email":"${DEMO_OWNER.email}","password":"${DEMO_OWNER.password}"}' ${url}/api/auth/login)`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`RegiCam could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
