import { DynamicModule, Inject, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import type { WorkerRole } from './roles/roles';

export const ROLES = Symbol('WORKER_ROLES');

/** Hosts the stream roles chosen for this process. */
@Module({})
export class WorkerModule implements OnApplicationBootstrap {
  private readonly logger = new Logger('Worker');

  constructor(@Inject(ROLES) private readonly roles: WorkerRole[]) {}

  static register(roles: WorkerRole[]): DynamicModule {
    return { module: WorkerModule, providers: [{ provide: ROLES, useValue: roles }], exports: [ROLES] };
  }

  onApplicationBootstrap(): void {
    this.logger.log(`Worker hosting roles: ${this.roles.join(', ')}`);
  }
}
