import { loadStoreConfig, type StoreConfig } from '@regicam/runtime';
import { loadPosConfig, type PosConfig } from './pos-config';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * The process configuration, read once from the environment at start-up.
 * A wrong value stops the process with a message naming the variable.
 */
const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Folder holding the built portal (index.html); empty disables serving it. */
  PORTAL_DIR: z.string().default(join(__dirname, '..', 'portal', 'browser')),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** json for log collectors; pretty for a person at a terminal (the default there). */
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  /** Seed a demo owner and cameras into an empty embedded installation (default on). */
  DEMO: z.enum(['on', 'off']).default('on'),
});

export type AppConfig = {
  port: number;
  host: string;
  portalDir: string;
  logLevel: z.infer<typeof ConfigSchema>['LOG_LEVEL'];
  logFormat: 'json' | 'pretty';
  demo: boolean;
  stores: StoreConfig;
  pos: PosConfig;
  /** Where logs go instead of standard output (tests read them). */
  logStream?: NodeJS.WritableStream;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid configuration (${problems}). Fix the environment variable and start again.`);
  }
  const c = parsed.data;
  const stores = loadStoreConfig(env);
  return {
    port: c.PORT,
    host: c.HOST,
    portalDir: c.PORTAL_DIR,
    logLevel: c.LOG_LEVEL,
    logFormat: c.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'),
    demo: c.DEMO === 'on',
    stores,
    pos: loadPosConfig(env, c.PORT, stores.eventStore.kind === 'sqlite' && stores.readStore.kind === 'sqlite'),
  };
}
