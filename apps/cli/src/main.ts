import { Command, Option } from 'commander';
import { addCamera, createOwner, listCameras, setPosOption } from './commands/admin';
import { audit, type AuditOptions } from './commands/audit';
import {
  cameraChanges,
  cliActor,
  describeChange,
  describeSource,
  parseClockOffset,
  rotateIngestToken,
  setClockOffset,
  setSource,
  sourceFromOptions,
  syncSafie,
  type SourceOptions,
} from './commands/cameras';
import { checkHealth } from './commands/health';
import { readPassword } from './commands/password';
import { replayAll } from './commands/replay';
import { records } from './commands/records';
import { topics, topicsText } from './commands/topics';
import { listTransactions, type TransactionListOptions } from './commands/transactions';
import { withStores } from './commands/stores';

const program = new Command()
  .name('regicam')
  .description(
    'RegiCam from the command line: administration, audit and replay.\n' +
      'Store commands use the same environment as the server (DATA_DIR, EVENT_STORE, EVENTSTORE_URL, READ_STORE, MONGO_URL, REGICAM_SECRET_KEYS).',
  )
  .version('0.0.0');

const out = (text: string): void => {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
};

program
  .command('health')
  .description('check that a RegiCam server answers')
  .option('--url <url>', 'base URL of the server', process.env['REGICAM_URL'] ?? 'http://localhost:3000')
  .action(async (options: { url: string }) => {
    const result = await checkHealth(options.url);
    (result.ok ? process.stdout : process.stderr).write(`${result.message}\n`);
    process.exitCode = result.ok ? 0 : 1;
  });

const owner = program.command('owner').description('owner accounts');
owner
  .command('create')
  .description(
    'create an owner account (the camera owner account the portal logs in with); the password is asked for on a ' +
      'terminal, or read from the first line of standard input',
  )
  .requiredOption('--email <email>')
  .requiredOption('--name <name>', 'display name')
  .option('--password <password>', 'discouraged: it stays in the shell history (or set REGICAM_OWNER_PASSWORD)')
  .action(async (o: { email: string; name: string; password?: string }) => {
    if (o.password)
      process.stderr.write('regicam: --password stays in the shell history; prefer the prompt or stdin\n');
    const password = o.password ?? process.env['REGICAM_OWNER_PASSWORD'] ?? (await readPassword());
    const id = await withStores((s) => createOwner(s, { email: o.email, password, name: o.name }));
    out(`owner ${o.email} created (id ${id})`);
  });

const camera = program.command('camera').description("owners' cameras");
camera
  .command('add')
  .description('add a camera to an owner')
  .requiredOption('--owner <email>')
  .requiredOption('--name <name>')
  .requiredOption('--model <model>')
  .requiredOption('--serial <serial>')
  .option('--pos-from <date>', 'the POS option starts on this date (YYYY-MM-DD, Japan time)')
  .action(async (o: { owner: string; name: string; model: string; serial: string; posFrom?: string }) => {
    const c = await withStores((s) =>
      addCamera(s, { ownerEmail: o.owner, name: o.name, model: o.model, serial: o.serial, posFrom: o.posFrom }),
    );
    out(
      `camera ${c.name} added (id ${c.id})${c.posOption ? `, POS option from ${c.posOption.from}` : ', no POS option'}`,
    );
  });
camera
  .command('pos-option')
  .description('give a camera the POS option from a date, or take it away with --none')
  .argument('<cameraId>')
  .option('--from <date>', 'YYYY-MM-DD, Japan time')
  .option('--none', 'take the option away')
  .action(async (cameraId: string, o: { from?: string; none?: boolean }) => {
    if (!o.from && !o.none) throw new Error('give --from YYYY-MM-DD or --none');
    const c = await withStores((s) => setPosOption(s, cameraId, o.none ? null : (o.from ?? null), cliActor()));
    out(`camera ${c.name}: ${c.posOption ? `POS option from ${c.posOption.from}` : 'no POS option'}`);
  });
camera
  .command('list')
  .description("list an owner's cameras")
  .requiredOption('--owner <email>')
  .action(async (o: { owner: string }) => {
    const cameras = await withStores((s) => listCameras(s, o.owner));
    out(
      cameras
        .map(
          (c) =>
            `${c.id}  ${c.name}  ${c.model}  ${c.serial}  ${c.posOption ? `POS from ${c.posOption.from}` : 'no POS option'}` +
            `  source ${describeSource(c.source)}  clock ${c.clockOffsetMs >= 0 ? '+' : ''}${c.clockOffsetMs} ms`,
        )
        .join('\n') || 'no cameras',
    );
  });

camera
  .command('source')
  .description('set where the camera’s pictures come from: a Safie device, a simulated camera, pushed frames, or none')
  .argument('<cameraId>')
  .option('--safie <deviceId>', 'a Safie camera (read with SAFIE_API_KEY)')
  .option('--simulator <deviceId>', 'a camera of the camera simulator (e.g. demo-counter-1)')
  .option('--push', 'the camera pushes its frames (POST /api/cameras/<id>/frames; make a token with: camera token)')
  .option('--none', 'no source')
  .action(async (cameraId: string, o: SourceOptions) => {
    const source = sourceFromOptions(o);
    const c = await withStores((s) => setSource(s, cameraId, source, cliActor()));
    out(`camera ${c.name}: source ${describeSource(c.source)}`);
  });
camera
  .command('clock-offset')
  .description('set how far the camera’s clock runs ahead of true time, in ms (negative: behind; at most 24 h)')
  .argument('<cameraId>')
  .argument('<ms>', 'whole milliseconds, e.g. 2500 or -7000')
  .action(async (cameraId: string, ms: string) => {
    const offset = parseClockOffset(ms);
    const c = await withStores((s) => setClockOffset(s, cameraId, offset, cliActor()));
    out(`camera ${c.name}: clock ${c.clockOffsetMs >= 0 ? '+' : ''}${c.clockOffsetMs} ms`);
  });
camera
  .command('token')
  .description('make a new ingest token for a push camera (the old one stops working); it is shown this once')
  .argument('<cameraId>')
  .action(async (cameraId: string) => {
    const { camera: c, token } = await withStores((s) => rotateIngestToken(s, cameraId, cliActor()));
    // The token alone on standard output (TOKEN=$(regicam camera token <id>)); the rest for the person.
    out(token);
    process.stderr.write(
      `ingest token ${c.ingestToken?.tokenId} of camera ${c.name}: shown this once, stored only as a hash.\n` +
        `The camera sends: POST /api/cameras/${c.id}/frames, Authorization: Bearer <token>, ` +
        'Content-Type: image/jpeg, X-Captured-At: <ISO time>\n',
    );
  });
camera
  .command('sync')
  .description('add the owner’s Safie cameras with the POS option (SAFIE_API_KEY, SAFIE_POS_ITEM_ID, SAFIE_URL)')
  .requiredOption('--safie', 'from Safie (the only source to sync from)')
  .requiredOption('--owner <email>')
  .action(async (o: { owner: string }) => {
    const results = await withStores((s) => syncSafie(s, o.owner, cliActor()));
    out(
      results
        .map(
          (r) =>
            `${r.outcome.padEnd(9)}  ${r.deviceId}  ${r.serial}  ${r.cameraId ?? '-'}${r.detail ? `  (${r.detail})` : ''}`,
        )
        .join('\n') || 'no Safie camera with the POS option',
    );
  });
camera
  .command('changes')
  .description('every recorded change of a camera’s source, clock offset, POS option and ingest token')
  .argument('<cameraId>')
  .addOption(new Option('--format <format>', 'output').choices(['table', 'ndjson']).default('table'))
  .action(async (cameraId: string, o: { format: 'table' | 'ndjson' }) => {
    const changes = await withStores((s) => cameraChanges(s, cameraId));
    const lines = changes.map((c) => (o.format === 'ndjson' ? JSON.stringify(c) : describeChange(c)));
    out(lines.join('\n') || 'no changes recorded');
  });

program
  .command('audit')
  .description('link history with actor and reason (or, with --at, the links in force at that time)')
  .option('--terminal <terminalId>')
  .option('--camera <cameraId>')
  .option('--from <time>', 'ISO 8601, inclusive')
  .option('--to <time>', 'ISO 8601, inclusive')
  .option('--at <time>', 'ISO 8601: the links exactly as they were then')
  .addOption(new Option('--format <format>', 'output').choices(['table', 'ndjson', 'csv']).default('table'))
  .action(async (o: AuditOptions) => out(await withStores((s) => audit(s, o))));

program
  .command('transactions')
  .description('the recorded POS transactions, newest first')
  .option('--contract <contractId>')
  .option('--terminal <terminalId>')
  .option('--date <YYYY-MM-DD>', 'one day, Japan time')
  .option('--limit <n>', 'at most this many', (v) => Number(v), 50)
  .addOption(new Option('--format <format>', 'output').choices(['table', 'ndjson']).default('table'))
  .action(async (o: TransactionListOptions) => out(await withStores((s) => listTransactions(s, o))));

program
  .command('topics')
  .description(
    'create or check every topic with its partitions, retention and cleanup policy on the configured message log ' +
      '(MESSAGE_LOG, KAFKA_BROKERS, TOPIC_PREFIX, TOPIC_PARTITIONS, TRANSACTIONS_RETENTION_DAYS); exit 2 when a difference remains',
  )
  .option('--check', 'only report the differences; change nothing')
  .action(async (o: { check?: boolean }) => {
    const report = await topics(o);
    out(topicsText(report, Boolean(o.check)));
    process.exitCode = report.remaining.length === 0 ? 0 : 2;
  });

program
  .command('records')
  .description(
    'the last records of a topic (links, transactions, cameraFrames, joinByCamera, thumbnailJobs, thumbnails), checked against its contract',
  )
  .argument('<topic>', 'a topic id such as transactions, or its name such as regicam.transactions.v1')
  .option('--limit <n>', 'at most this many, the newest', (v) => Number(v), 20)
  .addOption(new Option('--format <format>', 'output').choices(['table', 'ndjson']).default('table'))
  .action(async (topic: string, o: { limit: number; format: 'table' | 'ndjson' }) => out(await records(topic, o)));

program
  .command('replay')
  .description('rebuild every read model from the event store and report whether it equals the live one')
  .action(async () => {
    const tty = process.stderr.isTTY;
    const reports = await withStores((s) =>
      replayAll(s, (line, done) => {
        if (tty) process.stderr.write(`\r${line}${done ? '\n' : ''}`);
        else if (done) process.stderr.write(`${line}\n`);
      }),
    );
    let equal = true;
    for (const r of reports) {
      if (r.differences.length === 0)
        out(`${r.projection}: rebuilt from ${r.events} events; equals the live read model`);
      else {
        equal = false;
        out(
          `${r.projection}: rebuilt from ${r.events} events; DIFFERS from the live read model in ${r.differences.length} documents:`,
        );
        for (const d of r.differences)
          out(
            `  ${d.collection}/${d.id}\n    live:    ${JSON.stringify(d.live)}\n    rebuilt: ${JSON.stringify(d.rebuilt)}`,
          );
      }
    }
    process.exitCode = equal ? 0 : 2;
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`regicam: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
