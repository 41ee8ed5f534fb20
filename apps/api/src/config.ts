import { loadRuntimeConfig, type RuntimeConfig } from '@regicam/runtime';
import { parseEnvironment } from '@regicam/util';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * The API process's own settings, read once from the environment at
 * start-up, on top of what every process shares (stores, POS, roles,
 * logging). A wrong value stops the process with a message naming the
 * variable.
 */
const ApiEnv = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** The interface to listen on; the embedded default keeps to this machine unless told otherwise. */
  HOST: z.string().min(1).optional(),
  /** Folder holding the built portal (index.html); empty disables serving it. */
  PORTAL_DIR: z.string().default(join(__dirname, '..', 'portal', 'browser')),
  /** Seed a demo owner and cameras into an empty embedded installation (default on). */
  DEMO: z.enum(['on', 'off']).default('on'),
  /**
   * Which proxies to believe for the client address and protocol
   * (X-Forwarded-For / -Proto): `off`, `on` (all), a hop count, or
   * addresses/subnets as Express takes them (`loopback`, `10.0.0.0/8`).
   */
  TRUST_PROXY: z.string().default('off'),
  /** Largest JSON or form body accepted (Express's notation, default 100kb). */
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)?$/i, 'a size like 100kb or 1mb')
    .default('100kb'),
});

export type AppConfig = RuntimeConfig & {
  port: number;
  host: string;
  portalDir: string;
  demo: boolean;
  /** Express's `trust proxy` setting. */
  trustProxy: boolean | number | string;
  bodyLimit: string;
};

function trustProxy(value: string): boolean | number | string {
  if (value === 'off' || value === 'false') return false;
  if (value === 'on' || value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const e = parseEnvironment(ApiEnv, env);
  const runtime = loadRuntimeConfig(env, {
    rolesVariable: 'API_ROLES',
    // The embedded default is one process that hosts every role; otherwise the API does no background work.
    defaultRoles: (embedded) => (embedded ? 'all' : 'none'),
    port: e.PORT,
    servesReads: true,
  });
  return {
    ...runtime,
    port: e.PORT,
    host: e.HOST ?? (runtime.embedded ? '127.0.0.1' : '0.0.0.0'),
    portalDir: e.PORTAL_DIR,
    demo: e.DEMO === 'on',
    trustProxy: trustProxy(e.TRUST_PROXY),
    bodyLimit: e.BODY_LIMIT,
  };
}
