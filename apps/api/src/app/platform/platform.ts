import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { OwnerAccounts } from '@regicam/accounts';
import { CameraDirectory } from '@regicam/cameras';
import { Projector } from '@regicam/event-sourcing';
import { LinkQueries, linkProjection } from '@regicam/links';
import type { Stores } from '@regicam/runtime';
import { randomUUID } from 'node:crypto';
import { PosCredentials } from '../links/pos-credentials';

export const STORES = Symbol('STORES');

/** The clock and id source of the process: commands take both from here, never from the domain. */
export type Clock = { now: () => Date };
export type Ids = { next: () => string };

/**
 * Everything the HTTP side works with, opened once at start-up from the
 * configured stores, and closed in order at shutdown.
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
  linkProjector!: Projector;

  constructor(@Inject(STORES) readonly stores: Stores) {}

  async onApplicationBootstrap(): Promise<void> {
    const { readStore, eventStore, secrets } = this.stores;
    this.accounts = await OwnerAccounts.open(readStore);
    this.cameras = await CameraDirectory.open(readStore);
    this.credentials = await PosCredentials.open(readStore, secrets);
    this.linkProjector = new Projector(linkProjection(), eventStore, readStore, {
      log: (level, message) => this.logger[level](message),
    });
    await this.linkProjector.start();
    this.links = await LinkQueries.open(readStore);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.linkProjector?.stop();
    await this.stores.close();
  }
}
