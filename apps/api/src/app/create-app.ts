import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { RuntimeOverrides } from '@regicam/runtime';
import cookieParser from 'cookie-parser';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '../config';
import { AppModule } from './app.module';
import { applyHttpEdge } from './http-edge';
import { HttpErrorFilter } from './http-error.filter';

/** Builds the HTTP application; the caller decides when to listen. */
export async function createApp(config: AppConfig, overrides: RuntimeOverrides = {}): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.register(config, overrides), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  applyHttpEdge(app, config);
  app.use(cookieParser());
  app.setGlobalPrefix('api', { exclude: ['webhooks/{*path}'] });
  app.useGlobalFilters(new HttpErrorFilter());
  app.enableShutdownHooks();
  return app;
}
