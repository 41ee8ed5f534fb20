import { loadCameraConfig, type CameraConfig } from '@regicam/cameras/gateway';
import { loadPosConfig, type PosConfig } from '@regicam/pos/connections';
import { parseRoles, type RoleName } from '@regicam/roles';
import { loadThumbnailerConfig, type ThumbnailerConfig } from '@regicam/thumbnails';
import { loadJoinSettings, type JoinSettings } from '@regicam/stream/join';
import { parseEnvironment } from '@regicam/util';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { z } from 'zod';
import { loadStreamSettings, type StreamSettings } from '@regicam/dashboard';
import { loadStoreConfig, type StoreConfig } from './store-config';

const RuntimeEnv = z.object({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** json for log collectors; pretty for a person at a terminal (the default there). */
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  /** This process's name in claims and logs (default: host name and a random suffix). */
  INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.:@-]{1,100}$/, 'letters, digits and _ . : @ - only')
    .optional(),
});

/** What every RegiCam process (the API, a worker, the embedded default) is configured with. */
export type RuntimeConfig = {
  stores: StoreConfig;
  pos: PosConfig;
  /** The thumbnailer's retention, recording window and concurrency. */
  thumbnailer: ThumbnailerConfig;
  /** The join's tolerance, grace and buffers (`JOIN_*`). */
  join: JoinSettings;
  /** The cameras' accounts (Safie, the simulator), the gateway's polling and the limits of pushed frames. */
  cameras: CameraConfig;
  /** The live streams of the dashboard (`STREAM_*`). */
  streams: StreamSettings;
  /** The background roles this process hosts. */
  roles: RoleName[];
  logLevel: z.infer<typeof RuntimeEnv>['LOG_LEVEL'];
  logFormat: 'json' | 'pretty';
  instanceId: string;
  /** SQLite event store and read store: the one-process installation. */
  embedded: boolean;
  /** The process serves reads (the API): its readiness needs the projections running somewhere. */
  servesReads: boolean;
  /** Where logs go instead of standard output (tests read them). */
  logStream?: NodeJS.WritableStream;
};

/**
 * Reads the settings shared by every process from the environment.
 * `roles` names the variable that lists this process's roles and its
 * default; `port` is the HTTP port the public URL defaults to.
 */
export function loadRuntimeConfig(
  env: NodeJS.ProcessEnv,
  options: { rolesVariable: string; defaultRoles: (embedded: boolean) => string; port: number; servesReads: boolean },
): RuntimeConfig {
  const e = parseEnvironment(RuntimeEnv, env);
  const stores = loadStoreConfig(env);
  const embedded = stores.eventStore.kind === 'sqlite' && stores.readStore.kind === 'sqlite';
  return {
    stores,
    pos: loadPosConfig(env, options.port, embedded),
    thumbnailer: loadThumbnailerConfig(env),
    join: loadJoinSettings(env),
    cameras: loadCameraConfig(env, options.port, embedded),
    streams: loadStreamSettings(env),
    roles: parseRoles(env[options.rolesVariable], options.rolesVariable, options.defaultRoles(embedded)),
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'),
    instanceId: e.INSTANCE_ID ?? `${hostname()}-${randomUUID().slice(0, 8)}`,
    embedded,
    servesReads: options.servesReads,
  };
}
