import { Command } from 'commander';
import { checkHealth } from './commands/health';

const program = new Command()
  .name('regicam')
  .description('RegiCam from the command line: audit, replay and administration')
  .version('0.0.0');

program
  .command('health')
  .description('check that a RegiCam server answers')
  .option('--url <url>', 'base URL of the server', process.env['REGICAM_URL'] ?? 'http://localhost:3000')
  .action(async (options: { url: string }) => {
    const result = await checkHealth(options.url);
    (result.ok ? process.stdout : process.stderr).write(`${result.message}\n`);
    process.exitCode = result.ok ? 0 : 1;
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
