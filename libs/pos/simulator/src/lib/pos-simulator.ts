import express from 'express';
import { LocalHttpServer } from '@regicam/http';
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
export class PosSimulator extends LocalHttpServer {
  readonly smaregiFaults = new Faults();
  readonly ubiregiFaults = new Faults();
  readonly smaregi = new SmaregiSimulator(this.smaregiFaults);
  readonly ubiregi = new UbiregiSimulator(this.ubiregiFaults);

  app(): express.Express {
    const app = express();
    app.disable('x-powered-by');
    app.use('/smaregi', this.smaregi.router());
    app.use('/ubiregi', this.ubiregi.router());
    return app;
  }
}
