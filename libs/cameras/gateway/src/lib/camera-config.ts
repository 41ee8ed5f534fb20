import { parseEnvironment } from '@regicam/util';
import { z } from 'zod';

/** The API key the embedded camera simulator's demo account answers to (and the default of CAMERA_SIMULATOR_API_KEY). */
export const DEFAULT_SIMULATOR_API_KEY = 'demo-safie-api-key';

/**
 * Where the cameras are and how they are read. One Safie API key per
 * installation (an assumption: the installation's Safie account holds the
 * owners' cameras, or has been given access to them). The embedded default
 * (`npm start`) starts a simulator of Safie's API in the same process for
 * the cameras whose source is `simulator`, unless CAMERA_SIMULATOR=off.
 */
const CameraEnv = z.object({
  SAFIE_URL: z.url().default('https://openapi.safie.link'),
  SAFIE_API_KEY: z.string().min(1).optional(),
  /** The option item id of the POS option on Safie devices (`GET /v2/devices?item_id=`); Safie does not publish it. */
  SAFIE_POS_ITEM_ID: z.coerce.number().int().positive().optional(),
  CAMERA_SIMULATOR: z.enum(['on', 'off']).optional(),
  /** Port of the embedded camera simulator (default: PORT + 2). */
  CAMERA_SIMULATOR_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** Where a camera simulator runs when this process starts none (a worker beside the embedded API). */
  CAMERA_SIMULATOR_URL: z.url().optional(),
  CAMERA_SIMULATOR_API_KEY: z.string().min(1).default(DEFAULT_SIMULATOR_API_KEY),
  /** Between two polls of a healthy camera by the camera gateway. */
  CAMERA_POLL_INTERVAL_MS: z.coerce.number().int().min(1000).default(15_000),
  /** Cameras polled at the same time by one process (each on its own schedule). */
  CAMERA_POLL_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /**
   * How far behind now the gateway lists recordings and events: Safie answers
   * only ranges that end at least a minute ago; the rest leaves time for
   * late uploads and clock differences.
   */
  CAMERA_LISTING_DELAY_MS: z.coerce.number().int().min(60_000).default(90_000),
  /** The largest JPEG a push camera may send, in bytes (5 MiB). */
  FRAME_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(5 * 1024 * 1024),
  /** The most pixels a pushed frame may have (16 MP). */
  FRAME_MAX_PIXELS: z.coerce.number().int().min(1).default(16_000_000),
});

export type CameraConfig = {
  safie: { url: string; apiKey: string | null; posItemId: number | null };
  /** Start a camera simulator in this process, on this port (the embedded default). */
  simulator: { port: number } | null;
  /** Where the cameras whose source is `simulator` are read; null: nowhere (they need attention). */
  simulatorUrl: string | null;
  simulatorApiKey: string;
  gateway: { pollIntervalMs: number; concurrency: number; listingDelayMs: number };
  frames: { maxBytes: number; maxPixels: number };
};

export function loadCameraConfig(env: NodeJS.ProcessEnv, port: number, embedded: boolean): CameraConfig {
  const e = parseEnvironment(CameraEnv, env);
  const simulated = (e.CAMERA_SIMULATOR ?? (embedded ? 'on' : 'off')) === 'on';
  return {
    safie: {
      url: e.SAFIE_URL.replace(/\/$/, ''),
      apiKey: e.SAFIE_API_KEY ?? null,
      posItemId: e.SAFIE_POS_ITEM_ID ?? null,
    },
    simulator: simulated ? { port: e.CAMERA_SIMULATOR_PORT ?? (port === 0 ? 0 : port + 2) } : null,
    simulatorUrl: e.CAMERA_SIMULATOR_URL?.replace(/\/$/, '') ?? null,
    simulatorApiKey: e.CAMERA_SIMULATOR_API_KEY,
    gateway: {
      pollIntervalMs: e.CAMERA_POLL_INTERVAL_MS,
      concurrency: e.CAMERA_POLL_CONCURRENCY,
      listingDelayMs: e.CAMERA_LISTING_DELAY_MS,
    },
    frames: { maxBytes: e.FRAME_MAX_BYTES, maxPixels: e.FRAME_MAX_PIXELS },
  };
}

/** The same configuration with the simulator cameras read from a running simulator. */
export function onCameraSimulator(config: CameraConfig, simulatorUrl: string): CameraConfig {
  return { ...config, simulatorUrl };
}
