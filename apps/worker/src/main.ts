import { NestFactory } from '@nestjs/core';
import { parseRoles } from './app/roles/roles';
import { WorkerModule } from './app/worker.module';

async function main(): Promise<void> {
  const roles = parseRoles(process.env['WORKER_ROLES']);
  const app = await NestFactory.createApplicationContext(WorkerModule.register(roles));
  // SIGTERM / SIGINT close the modules (consumers disconnect) before exit.
  app.enableShutdownHooks();
}

main().catch((error: unknown) => {
  process.stderr.write(`The worker could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
