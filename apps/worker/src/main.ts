import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './app/worker.module';
import { loadWorkerConfig } from './config';

/**
 * 1. configuration (the roles: WORKER_ROLES) and the runtime, whose roles
 *    start once it is composed;
 * 2. the health endpoints on WORKER_PORT;
 * 3. SIGTERM / SIGINT: the roles stop (work in hand ends, offsets and
 *    checkpoints saved), the stores close, then the signal does its default.
 */
async function main(): Promise<void> {
  const config = loadWorkerConfig();
  const app = await NestFactory.create(WorkerModule.register(config), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  app
    .get(Logger)
    .log(
      `RegiCam worker ${config.instanceId} hosting ${config.roles.join(', ') || 'no role'}; health on http://${config.host}:${config.port}/api/health/ready`,
    );
}

main().catch((error: unknown) => {
  process.stderr.write(`The worker could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
