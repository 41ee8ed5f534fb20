import { Global, Inject, Module, type OnModuleDestroy } from '@nestjs/common';
import { CameraDirectory } from '@regicam/cameras';
import type { CameraInfoLookup, CameraSourceLookup } from '@regicam/cameras/source';
import {
  CameraView,
  DashboardFeed,
  StreamHub,
  Thumbnails,
  TransactionList,
  type OwnerContracts,
} from '@regicam/dashboard';
import { LinkQueries } from '@regicam/links';
import { UbiregiGrants } from '@regicam/pos/connections';
import { TerminalNames } from '@regicam/transactions';
import { Logger } from '@nestjs/common';
import type { Stores } from '../open-stores';
import type { RuntimeConfig } from '../runtime-config';
import { CAMERA_INFO, CAMERA_SOURCES, CLOCK, OWNER_CONTRACTS, RUNTIME_CONFIG, STORES, type Clock } from './tokens';

const logger = new Logger('Dashboard');

/** Ends the live streams before the HTTP server closes (an open stream would hold it open). */
class StreamCloser implements OnModuleDestroy {
  constructor(@Inject(StreamHub) private readonly hub: StreamHub) {}

  onModuleDestroy(): void {
    this.hub.closeAll();
  }
}

/**
 * The contracts whose registers are the owner's: every contract the owner
 * has linked a register of (now or before), and the connected Ubiregi account.
 */
const ownerContracts =
  (links: LinkQueries, grants: UbiregiGrants): OwnerContracts =>
  async (ownerId) => {
    const keys = new Set((await links.history({ ownerId })).map((e) => `${e.provider}:${e.contractId}`));
    const ubiregi = await grants.get(ownerId).catch(() => null);
    if (ubiregi) keys.add(`ubiregi:${ubiregi.accountId}`);
    return [...keys].sort();
  };

/**
 * What the dashboard reads (the day list, thumbnails, the camera view, the
 * live streams), on the read store and the blob store, with the camera
 * lookups of the cameras module (`CAMERA_SOURCES`, `CAMERA_INFO`).
 */
@Global()
@Module({
  providers: [
    {
      provide: OWNER_CONTRACTS,
      useFactory: ownerContracts,
      inject: [LinkQueries, UbiregiGrants],
    },
    { provide: TerminalNames, useFactory: (s: Stores) => TerminalNames.open(s.readStore), inject: [STORES] },
    {
      provide: TransactionList,
      useFactory: (s: Stores, cameras: CameraDirectory, contracts: OwnerContracts) =>
        TransactionList.open(s.readStore, cameras, contracts),
      inject: [STORES, CameraDirectory, OWNER_CONTRACTS],
    },
    {
      provide: Thumbnails,
      useFactory: (s: Stores, list: TransactionList) => Thumbnails.open(s.readStore, list, s.blobStore),
      inject: [STORES, TransactionList],
    },
    {
      provide: CameraView,
      useFactory: (
        s: Stores,
        cameras: CameraDirectory,
        sources: CameraSourceLookup,
        info: CameraInfoLookup,
        clock: Clock,
      ) =>
        CameraView.open(s.readStore, {
          cameras,
          cameraSource: sources,
          cameraInfo: info,
          blobs: s.blobStore,
          now: () => clock.now(),
        }),
      inject: [STORES, CameraDirectory, CAMERA_SOURCES, CAMERA_INFO, CLOCK],
    },
    {
      provide: DashboardFeed,
      useFactory: (s: Stores, list: TransactionList) => DashboardFeed.open(s.readStore, list),
      inject: [STORES, TransactionList],
    },
    {
      provide: StreamHub,
      useFactory: (c: RuntimeConfig, feed: DashboardFeed) =>
        new StreamHub(feed, { ...c.streams, log: (_level, message) => logger.warn(message) }),
      inject: [RUNTIME_CONFIG, DashboardFeed],
    },
    { provide: StreamCloser, useClass: StreamCloser },
  ],
  exports: [OWNER_CONTRACTS, TerminalNames, TransactionList, Thumbnails, CameraView, DashboardFeed, StreamHub],
})
export class DashboardModule {}
