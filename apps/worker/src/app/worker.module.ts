import { DynamicModule, Module } from '@nestjs/common';
import { RuntimeModule, loggerModule, type RuntimeOverrides } from '@regicam/runtime';
import type { WorkerConfig } from '../config';

/**
 * A worker process: the roles it is configured with, on the runtime every
 * process shares, and its health endpoints. No API routes.
 */
@Module({})
export class WorkerModule {
  static register(config: WorkerConfig, overrides: RuntimeOverrides = {}): DynamicModule {
    return { module: WorkerModule, imports: [loggerModule(config), RuntimeModule.forRoot(config, overrides)] };
  }
}
