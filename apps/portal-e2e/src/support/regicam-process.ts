import { REPO_ROOT, freePort, startProgram } from '@regicam/testing/servers';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type RunningRegiCam = {
  url: string;
  dataDir: string;
  stop: () => Promise<void>;
  logs: () => string;
  /** Runs the built `regicam` command on this installation's stores (as `npm run regicam -- …` would). */
  cli: (args: string[], env?: Record<string, string>) => Promise<string>;
};

/**
 * Starts the built RegiCam process, exactly as `npm start` does, on a free
 * port with a fresh DATA_DIR (unless one is given), and waits until it
 * answers its health check. PUBLIC_URL is the address the browser uses, so
 * OAuth redirects come back to the same site as the session cookie.
 */
export async function startRegiCam(env: Record<string, string> = {}): Promise<RunningRegiCam> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const dataDir = env['DATA_DIR'] ?? mkdtempSync(join(tmpdir(), 'regicam-e2e-'));
  const stores = { DATA_DIR: dataDir };
  const process = await startProgram({
    app: 'api',
    env: { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', PUBLIC_URL: url, ...stores, ...env },
    readyUrl: `${url}/api/health`,
    readyStatus: 200,
    name: 'RegiCam',
  });
  return {
    url,
    dataDir,
    logs: () => process.logs(),
    stop: async () => {
      await process.stop('SIGINT');
    },
    cli: async (args, extra = {}) => {
      const main = join(REPO_ROOT, 'dist', 'apps', 'cli', 'main.js');
      const { stdout } = await run(global.process.execPath, [main, ...args], {
        env: { ...global.process.env, LOG_LEVEL: 'silent', ...stores, ...extra },
      });
      return stdout;
    },
  };
}
