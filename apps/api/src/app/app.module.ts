import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '../config';
import { HealthController } from './health/health.controller';

/**
 * The composition root of the RegiCam process: every module the running
 * system is made of is chosen here, from the configuration.
 */
@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    const portal = config.portalDir && existsSync(join(config.portalDir, 'index.html'));
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            autoLogging: { ignore: (req) => req.url === '/api/health' },
            ...(config.logFormat === 'pretty' ? { transport: { target: 'pino-pretty' } } : {}),
          },
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        }),
        ...(portal
          ? [
              ServeStaticModule.forRoot({
                rootPath: config.portalDir,
                exclude: ['/api/{*path}', '/webhooks/{*path}'],
              }),
            ]
          : []),
      ],
      controllers: [HealthController],
    };
  }
}
