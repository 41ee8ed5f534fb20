import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local HTTP server that is listening, and how to stop it. */
export type RunningServer = {
  /** `http://host:port`, with the port it got (port 0 asks for a free one). */
  url: string;
  /** Closes every connection at once (a test or a shutdown does not wait for keep-alive clients). */
  stop(): Promise<void>;
};

/** Serves `handler` (an express app is one) on `host:port`; resolves once it listens, rejects if it cannot. */
export async function startServer(handler: RequestListener, port = 0, host = '127.0.0.1'): Promise<RunningServer> {
  const server = createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
    server.listen(port, host);
  });
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Something that serves HTTP on a local port when started (the simulators
 * of outside systems): `app()` is what it serves, `url` where, once started.
 */
export abstract class LocalHttpServer {
  url = '';
  #server?: RunningServer;

  abstract app(): RequestListener;

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    this.#server = await startServer(this.app(), port, host);
    this.url = this.#server.url;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    await server?.stop();
  }
}

/**
 * The life of a process that serves until told to stop: `main` starts the
 * server; SIGINT or SIGTERM stops it and exits 0; a failure to start
 * prints why on stderr and exits 1.
 */
export function runServerProcess(what: string, main: () => Promise<{ stop(): Promise<void> }>): void {
  main().then(
    (server) => {
      const stop = () => void server.stop().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (error: unknown) => {
      process.stderr.write(`${what} could not start: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
