import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import type { Stores } from '@regicam/runtime';
import cookieParser from 'cookie-parser';
import type { AppConfig } from '../config';
import { AppModule } from './app.module';
import { HttpErrorFilter } from './http-error.filter';

/** Builds the HTTP application; the caller decides when to listen. */
export async function createApp(config: AppConfig, stores: Stores): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.register(config, stores), { bufferLogs: true });
  app.use(cookieParser());
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api', { exclude: ['webhooks/{*path}'] });
  app.useGlobalFilters(new HttpErrorFilter());
  app.enableShutdownHooks();
  return app;
}
