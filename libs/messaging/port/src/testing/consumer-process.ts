/**
 * A group consumer in a process of its own, for the crash test: the test
 * kills it with SIGKILL, so nothing is flushed or left cleanly. Its handler
 * "writes" by appending `<partition> <offset>` lines to a file (synced),
 * and hangs for good, without writing, on the batch that holds the record
 * whose value is `hangAt`, after writing `hang <partition> <first offset>`.
 * Arguments: one JSON object (see `ChildConfig`).
 */
import { appendFileSync, closeSync, fsyncSync, openSync } from 'node:fs';
import type { MessageLog } from '../lib/message-log';

export type ChildConfig = {
  module: string;
  exportName: string;
  options: unknown;
  topic: string;
  groupId: string;
  out: string;
  hangAt: string;
  maxBatchSize: number;
  commitIntervalMs: number;
};

function write(out: string, line: string): void {
  appendFileSync(out, `${line}\n`);
  const fd = openSync(out, 'r');
  fsyncSync(fd);
  closeSync(fd);
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
  const Log = require(config.module)[config.exportName] as new (options: unknown) => MessageLog;
  const log = new Log(config.options);
  const consumer = log.consumer({
    groupId: config.groupId,
    topics: [config.topic],
    maxBatchSize: config.maxBatchSize,
    commitIntervalMs: config.commitIntervalMs,
    handler: async (batch) => {
      if (batch.records.some((r) => r.value.toString('utf8') === config.hangAt)) {
        write(config.out, `hang ${batch.partition} ${batch.records[0].offset}`);
        // Hangs as a handler waiting on a store would: the process stays up, the batch never ends.
        await new Promise<never>(() => setInterval(() => undefined, 60_000));
      }
      write(config.out, batch.records.map((r) => `${r.partition} ${r.offset}`).join('\n'));
    },
  });
  await consumer.start();
  write(config.out, 'started');
}

main().catch((error: unknown) => {
  process.stderr.write(`consumer process failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
