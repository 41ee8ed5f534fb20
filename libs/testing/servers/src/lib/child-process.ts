import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The repository's root, from this file. */
export const REPO_ROOT = join(__dirname, '..', '..', '..', '..', '..');

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export type OwnedProcess = {
  readonly name: string;
  readonly child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  logs(): string;
  /** Resolves with the exit code (or the signal's name) once the process has ended. */
  readonly exited: Promise<number | string>;
  /** Sends the signal and waits for the process to end (SIGKILL after `graceMs`). */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<number | string>;
};

/**
 * Starts a built RegiCam program (`dist/apps/<app>/main.js`) as a child
 * process this test owns, with the given environment, and waits until
 * `readyUrl` answers (any HTTP status below 500 unless `readyStatus` is
 * given). Its output is kept for the test to read and printed when it
 * fails to start.
 */
export async function startProgram(options: {
  app: string;
  env: Record<string, string>;
  readyUrl: string;
  readyStatus?: number;
  timeoutMs?: number;
  name?: string;
}): Promise<OwnedProcess> {
  const main = join(REPO_ROOT, 'dist', 'apps', options.app, 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (npm run build)`);
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, LOG_FORMAT: 'json', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const name = options.name ?? options.app;
  const owned: OwnedProcess = {
    name,
    child,
    logs: () => output,
    exited,
    stop: async (signal = 'SIGTERM', graceMs = 20_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    const status = await fetch(options.readyUrl).then(
      (r) => r.status,
      () => 0,
    );
    if (options.readyStatus === undefined ? status > 0 && status < 500 : status === options.readyStatus) break;
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited (${String(await exited)}) before answering:\n${output}`);
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `${name} did not answer ${options.readyUrl} within ${options.timeoutMs ?? 30_000} ms:\n${output}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return owned;
}
