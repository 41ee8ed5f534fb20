import { Global, Module } from '@nestjs/common';
import { OwnerAccounts } from '@regicam/accounts';
import { CameraDirectory } from '@regicam/cameras';
import { LinkQueries } from '@regicam/links';
import type { Stores } from '../open-stores';
import { STORES } from './tokens';

/** Owner accounts, their cameras and the links read model, each opened on the read store. */
@Global()
@Module({
  providers: [
    { provide: OwnerAccounts, useFactory: (s: Stores) => OwnerAccounts.open(s.readStore), inject: [STORES] },
    { provide: CameraDirectory, useFactory: (s: Stores) => CameraDirectory.open(s.readStore), inject: [STORES] },
    { provide: LinkQueries, useFactory: (s: Stores) => LinkQueries.open(s.readStore), inject: [STORES] },
  ],
  exports: [OwnerAccounts, CameraDirectory, LinkQueries],
})
export class DirectoryModule {}
