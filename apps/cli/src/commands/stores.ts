import { loadStoreConfig, openStores, type Stores } from '@regicam/runtime';

/**
 * Runs a command on the stores RegiCam is configured with (the same
 * environment as the server: DATA_DIR, EVENT_STORE, READ_STORE, ...), and
 * closes them afterwards.
 */
export async function withStores<T>(
  run: (stores: Stores) => Promise<T>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<T> {
  const stores = await openStores(loadStoreConfig(env));
  try {
    return await run(stores);
  } finally {
    await stores.close();
  }
}
