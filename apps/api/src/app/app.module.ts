import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ServeStaticModule } from '@nestjs/serve-static';
import type { Stores } from '@regicam/runtime';
import { SECRET_LOG_PATHS } from '@regicam/secrets';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../config';
import { AuditController } from './audit/audit.controller';
import { AuthController } from './auth/auth.controller';
import { SessionGuard } from './auth/session.guard';
import { CamerasController } from './cameras/cameras.controller';
import { HealthController } from './health/health.controller';
import { LINK_COMMAND_HANDLERS } from './links/commands';
import { LinksController } from './links/links.controller';
import { CONFIG, Platform, STORES } from './platform/platform';
import { UbiregiController } from './pos/ubiregi.controller';
import { SmaregiWebhooksController } from './pos/webhooks.controller';

function loggerOptions(config: AppConfig) {
  return {
    level: config.logLevel,
    autoLogging: { ignore: (req: { url?: string }) => req.url === '/api/health' },
    // POS tokens, passwords and session cookies never reach a log.
    redact: { paths: [...SECRET_LOG_PATHS], censor: '[redacted]' },
    ...(config.logFormat === 'pretty' && !config.logStream ? { transport: { target: 'pino-pretty' } } : {}),
  };
}

/**
 * The composition root of the RegiCam process: every module the running
 * system is made of is chosen here, from the configuration and the stores
 * opened for it.
 */
@Module({})
export class AppModule {
  static register(config: AppConfig, stores: Stores): DynamicModule {
    const portal = config.portalDir && existsSync(join(config.portalDir, 'index.html'));
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: config.logStream ? [loggerOptions(config), config.logStream] : loggerOptions(config),
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        }),
        CqrsModule.forRoot(),
        ...(portal
          ? [ServeStaticModule.forRoot({ rootPath: config.portalDir, exclude: ['/api/{*path}', '/webhooks/{*path}'] })]
          : []),
      ],
      controllers: [
        HealthController,
        AuthController,
        CamerasController,
        LinksController,
        AuditController,
        UbiregiController,
        SmaregiWebhooksController,
      ],
      providers: [
        { provide: STORES, useValue: stores },
        { provide: CONFIG, useValue: config },
        Platform,
        { provide: APP_GUARD, useClass: SessionGuard },
        ...LINK_COMMAND_HANDLERS,
      ],
    };
  }
}
