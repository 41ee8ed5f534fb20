import { Module, type DynamicModule } from '@nestjs/common';
import type { RuntimeConfig } from '../runtime-config';
import { CamerasModule } from './cameras.module';
import { DashboardModule } from './dashboard.module';
import { DirectoryModule } from './directory.module';
import { HealthController } from './health.controller';
import { PosModule } from './pos.module';
import { RolesModule } from './roles.module';
import { StoresModule, type RuntimeOverrides } from './stores.module';

/**
 * Everything a RegiCam process is made of but its own edge (the API's
 * controllers, the worker's nothing-else): stores, directory, POS,
 * cameras, roles, the dashboard's reads and health. The same for the API, the worker and the embedded default;
 * only the configuration (which roles, which stores) differs.
 */
@Module({})
export class RuntimeModule {
  static forRoot(config: RuntimeConfig, overrides: RuntimeOverrides = {}): DynamicModule {
    return {
      module: RuntimeModule,
      imports: [
        StoresModule.forRoot(config, overrides),
        DirectoryModule,
        PosModule,
        CamerasModule,
        RolesModule,
        DashboardModule,
      ],
      controllers: [HealthController],
    };
  }
}
