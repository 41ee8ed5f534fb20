import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { OwnerAccounts } from '@regicam/accounts';
import { CameraDirectory } from '@regicam/cameras';
import { Projector } from '@regicam/event-sourcing';
import { LinkQueries, linkProjection } from '@regicam/links';
import type { Stores } from '@regicam/runtime';
import { PosPoller, transactionProjection } from '@regicam/transactions';
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../../config';
import { PosCredentials } from '../links/pos-credentials';
import { PosConnectors } from '../pos/pos-connectors';
import { UbiregiConnections } from '../pos/ubiregi-connections';

export const STORES = Symbol('STORES');
export const CONFIG = Symbol('CONFIG');

/** The clock and id source of the process: commands take both from here, never from the domain. */
export type Clock = { now: () => Date };
export type Ids = { next: () => string };

/**
 * Everything the HTTP side works with, opened once at start-up from the
 * configured stores, and closed in order at shutdown:
 * 1. accounts, cameras, credentials; 2. the projections (links,
 * transactions), resumed from their checkpoints; 3. the POS pollers.
 */
@Injectable()
export class Platform implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Platform');
  readonly clock: Clock = { now: () => new Date() };
  readonly ids: Ids = { next: () => randomUUID() };
  accounts!: OwnerAccounts;
  cameras!: CameraDirectory;
  links!: LinkQueries;
  credentials!: PosCredentials;
  ubiregiConnections!: UbiregiConnections;
  pos!: PosConnectors;
  linkProjector!: Projector;
  transactionProjector!: Projector;
  poller!: PosPoller;

  constructor(
    @Inject(STORES) readonly stores: Stores,
    @Inject(CONFIG) readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { readStore, eventStore, secrets } = this.stores;
    const log = (level: 'info' | 'warn' | 'error', message: string) =>
      level === 'info' ? this.logger.log(message) : this.logger[level](message);
    this.accounts = await OwnerAccounts.open(readStore);
    this.cameras = await CameraDirectory.open(readStore);
    this.credentials = await PosCredentials.open(readStore, secrets);
    this.ubiregiConnections = await UbiregiConnections.open(readStore, secrets);
    this.linkProjector = new Projector(linkProjection(), eventStore, readStore, { log });
    this.transactionProjector = new Projector(transactionProjection(), eventStore, readStore, { log });
    await this.linkProjector.start();
    await this.transactionProjector.start();
    this.links = await LinkQueries.open(readStore);
    this.pos = new PosConnectors(this.config.pos, this.links, this.credentials, this.ubiregiConnections);
    this.poller = await PosPoller.open(eventStore, readStore, () => this.pos.pollTargets(), {
      intervalMs: this.config.pos.pollIntervalMs,
      log,
    });
    if (this.config.pos.polling) this.poller.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.poller?.stop();
    await this.linkProjector?.stop();
    await this.transactionProjector?.stop();
    await this.stores.close();
  }
}
