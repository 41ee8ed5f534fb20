import { parseEnvironment } from '@regicam/util';
import { z } from 'zod';

/**
 * Where the POS APIs are. Production talks to the vendors; the embedded
 * default (`npm start`) starts our simulator of their APIs in the same
 * process and points every URL at it, unless POS_SIMULATOR=off.
 */
const PosEnv = z.object({
  POS_SIMULATOR: z.enum(['on', 'off']).optional(),
  /** Port of the embedded simulator (default: PORT + 1). */
  POS_SIMULATOR_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  SMAREGI_LEGACY_URL: z.url().default('https://webapi.smaregi.jp/access/'),
  SMAREGI_ID_URL: z.url().default('https://id.smaregi.jp'),
  SMAREGI_API_URL: z.url().default('https://api.smaregi.jp'),
  UBIREGI_URL: z.url().default('https://ubiregi.com'),
  UBIREGI_CLIENT_ID: z.string().optional(),
  UBIREGI_CLIENT_SECRET: z.string().optional(),
  /** The address owners reach RegiCam at (for the OAuth redirect); default http://localhost:PORT. */
  PUBLIC_URL: z.url().optional(),
  POS_POLLING: z.enum(['on', 'off']).default('on'),
  POS_POLL_INTERVAL_MS: z.coerce.number().int().min(1000).default(30_000),
  /** Contracts polled at the same time by one process (each on its own schedule). */
  POS_POLL_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
});

export type PosConfig = {
  simulator: { port: number } | null;
  smaregiLegacyUrl: string;
  smaregiPlatform: { idBaseUrl: string; apiBaseUrl: string };
  ubiregi: {
    authorizeUrl: string;
    tokenUrl: string;
    apiBaseUrl: string;
    clientId: string;
    clientSecret: string;
  } | null;
  publicUrl: string;
  polling: boolean;
  pollIntervalMs: number;
  pollConcurrency: number;
};

export function loadPosConfig(env: NodeJS.ProcessEnv, port: number, embedded: boolean): PosConfig {
  const e = parseEnvironment(PosEnv, env);
  const simulated = (e.POS_SIMULATOR ?? (embedded ? 'on' : 'off')) === 'on';
  const ubiregiBase = e.UBIREGI_URL.replace(/\/$/, '');
  const clientId = e.UBIREGI_CLIENT_ID ?? (simulated ? SIMULATED_UBIREGI_CLIENT.clientId : undefined);
  const clientSecret = e.UBIREGI_CLIENT_SECRET ?? (simulated ? SIMULATED_UBIREGI_CLIENT.clientSecret : undefined);
  return {
    simulator: simulated ? { port: e.POS_SIMULATOR_PORT ?? (port === 0 ? 0 : port + 1) } : null,
    smaregiLegacyUrl: e.SMAREGI_LEGACY_URL,
    smaregiPlatform: {
      idBaseUrl: e.SMAREGI_ID_URL.replace(/\/$/, ''),
      apiBaseUrl: e.SMAREGI_API_URL.replace(/\/$/, ''),
    },
    ubiregi:
      clientId && clientSecret
        ? {
            authorizeUrl: `${ubiregiBase}/oauth2/authorize`,
            tokenUrl: `${ubiregiBase}/oauth2/token`,
            apiBaseUrl: `${ubiregiBase}/api/3`,
            clientId,
            clientSecret,
          }
        : null,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    polling: e.POS_POLLING === 'on',
    pollIntervalMs: e.POS_POLL_INTERVAL_MS,
    pollConcurrency: e.POS_POLL_CONCURRENCY,
  };
}

/** The OAuth client the embedded simulator knows RegiCam as. */
export const SIMULATED_UBIREGI_CLIENT = { clientId: 'regicam-local', clientSecret: 'regicam-local-secret' };

/** The same configuration with every POS URL on a running simulator. */
export function onSimulator(config: PosConfig, simulatorUrl: string): PosConfig {
  return {
    ...config,
    smaregiLegacyUrl: `${simulatorUrl}/smaregi/webapi/access/`,
    smaregiPlatform: { idBaseUrl: `${simulatorUrl}/smaregi/id`, apiBaseUrl: `${simulatorUrl}/smaregi/api` },
    ubiregi: config.ubiregi && {
      ...config.ubiregi,
      authorizeUrl: `${simulatorUrl}/ubiregi/oauth2/authorize`,
      tokenUrl: `${simulatorUrl}/ubiregi/oauth2/token`,
      apiBaseUrl: `${simulatorUrl}/ubiregi/api/3`,
    },
  };
}
