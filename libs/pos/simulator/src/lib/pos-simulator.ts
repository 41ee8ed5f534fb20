import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Faults } from './shared/faults';
import { SmaregiSimulator } from './smaregi/smaregi-simulator';
import { UbiregiSimulator } from './ubiregi/ubiregi-simulator';

/**
 * One HTTP server speaking the vendors' APIs under their own prefixes:
 * `/smaregi/...` (the legacy スマレジAPI, the Platform API and its token
 * endpoint) and `/ubiregi/...` (OAuth2 and API 3). The connectors are
 * pointed at these prefixes instead of the vendors' hosts. Faults (429,
 * 5xx, slow or malformed answers) are switched per vendor.
 */
export class PosSimulator {
  readonly smaregiFaults = new Faults();
  readonly ubiregiFaults = new Faults();
  readonly smaregi = new SmaregiSimulator(this.smaregiFaults);
  readonly ubiregi = new UbiregiSimulator(this.ubiregiFaults);
  private server?: Server;
  url = '';

  app(): express.Express {
    const app = express();
    app.disable('x-powered-by');
    app.use('/smaregi', this.smaregi.router());
    app.use('/ubiregi', this.ubiregi.router());
    return app;
  }

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    const server = this.app().listen(port, host);
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    this.server = server;
    this.url = `http://${host}:${(server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
