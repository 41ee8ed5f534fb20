import { loadRuntimeConfig, type RuntimeConfig } from '@regicam/runtime';
import { parseEnvironment } from '@regicam/util';
import { z } from 'zod';

const WorkerEnv = z.object({
  /** The port of the worker's health endpoints (`/api/health`, `/api/health/ready`). */
  WORKER_PORT: z.coerce.number().int().min(0).max(65535).default(3100),
  WORKER_HOST: z.string().min(1).default('0.0.0.0'),
  /** The RegiCam API's address, for the Ubiregi OAuth settings (default http://localhost:3000). */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
});

export type WorkerConfig = RuntimeConfig & { port: number; host: string };

/** The worker's settings: the roles it hosts (WORKER_ROLES, default all), its health port, and what every process shares. */
export function loadWorkerConfig(env: NodeJS.ProcessEnv = process.env): WorkerConfig {
  const e = parseEnvironment(WorkerEnv, env);
  const runtime = loadRuntimeConfig(env, {
    rolesVariable: 'WORKER_ROLES',
    defaultRoles: () => 'all',
    port: e.PORT,
    servesReads: false,
  });
  return { ...runtime, port: e.WORKER_PORT, host: e.WORKER_HOST };
}
