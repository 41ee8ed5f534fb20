import { freePort, startProgram } from '@regicam/testing/servers';

export type RunningRegiCam = { url: string; stop: () => Promise<void>; logs: () => string };

/**
 * Starts the built RegiCam process, exactly as `npm start` does, on a free
 * port, and waits until it answers its health check.
 */
export async function startRegiCam(env: Record<string, string> = {}): Promise<RunningRegiCam> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const process = await startProgram({
    app: 'api',
    env: { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    readyUrl: `${url}/api/health`,
    readyStatus: 200,
    name: 'RegiCam',
  });
  return {
    url,
    logs: () => process.logs(),
    stop: async () => {
      await process.stop('SIGINT');
    },
  };
}
