import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { openStores, type Stores } from '../open-stores';
import type { RuntimeConfig } from '../runtime-config';
import { CLOCK, IDS, RUNTIME_CONFIG, STORES, type Clock, type Ids } from './tokens';

export type RuntimeOverrides = { clock?: Clock; ids?: Ids; stores?: Stores };

/** Closes the stores last, after the HTTP server and the roles have stopped. */
class StoresCloser implements OnApplicationShutdown {
  constructor(@Inject(STORES) private readonly stores: Stores) {}

  async onApplicationShutdown(): Promise<void> {
    await this.stores.close();
  }
}

/**
 * The configuration, the clock, the ids and the stores of the process:
 * opened once, from the configuration, and closed at shutdown.
 */
@Global()
@Module({})
export class StoresModule {
  static forRoot(config: RuntimeConfig, overrides: RuntimeOverrides = {}): DynamicModule {
    const providers = [
      { provide: RUNTIME_CONFIG, useValue: config },
      { provide: CLOCK, useValue: overrides.clock ?? { now: () => new Date() } },
      { provide: IDS, useValue: overrides.ids ?? { next: () => randomUUID() } },
      { provide: STORES, useFactory: () => overrides.stores ?? openStores(config.stores) },
      { provide: StoresCloser, useClass: StoresCloser },
    ];
    return {
      module: StoresModule,
      providers,
      exports: [RUNTIME_CONFIG, CLOCK, IDS, STORES],
    };
  }
}
