import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ServeStaticModule } from '@nestjs/serve-static';
import { RuntimeModule, loggerModule, type RuntimeOverrides } from '@regicam/runtime';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../config';
import { AuditController } from './audit/audit.controller';
import { AuthController } from './auth/auth.controller';
import { SessionGuard } from './auth/session.guard';
import { CamerasController } from './cameras/cameras.controller';
import { FramesController } from './cameras/frames.controller';
import { LINK_COMMAND_HANDLERS } from './links/commands';
import { LinkCommandRunner } from './links/commands/link-command-runner';
import { LinkViews } from './links/link-view';
import { LinksController } from './links/links.controller';
import { SmaregiContractsController } from './pos/smaregi.controller';
import { UbiregiController } from './pos/ubiregi.controller';
import { TransactionsController } from './transactions/transactions.controller';
import { SmaregiWebhooksController } from './pos/webhooks.controller';
import { StreamController } from './stream/stream.controller';
import { ThumbnailsController } from './thumbnails/thumbnails.controller';

/**
 * The composition root of the API process: the runtime every process is
 * made of (stores, directory, POS, the roles this process hosts, health),
 * the HTTP edge (controllers, the session guard, the command handlers) and
 * the portal's files.
 */
@Module({})
export class AppModule {
  static register(config: AppConfig, overrides: RuntimeOverrides = {}): DynamicModule {
    const portal = config.portalDir && existsSync(join(config.portalDir, 'index.html'));
    return {
      module: AppModule,
      imports: [
        loggerModule(config),
        RuntimeModule.forRoot(config, overrides),
        CqrsModule.forRoot(),
        ...(portal
          ? [ServeStaticModule.forRoot({ rootPath: config.portalDir, exclude: ['/api/{*path}', '/webhooks/{*path}'] })]
          : []),
      ],
      controllers: [
        AuthController,
        CamerasController,
        FramesController,
        LinksController,
        AuditController,
        UbiregiController,
        SmaregiContractsController,
        TransactionsController,
        ThumbnailsController,
        StreamController,
        SmaregiWebhooksController,
      ],
      providers: [
        { provide: APP_GUARD, useClass: SessionGuard },
        LinkCommandRunner,
        LinkViews,
        ...LINK_COMMAND_HANDLERS,
      ],
    };
  }
}
