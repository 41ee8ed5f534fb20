import { Logger } from 'nestjs-pino';
import { createApp } from './app/create-app';
import { loadConfig } from './config';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  const url = `http://localhost:${config.port}`;
  app.get(Logger).log(`RegiCam is running on ${url} (API under ${url}/api). Press Ctrl-C to stop.`);
}

main().catch((error: unknown) => {
  process.stderr.write(`RegiCam could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
