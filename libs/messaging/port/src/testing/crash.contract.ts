import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ConsumedRecord } from '../lib/message-log';
import type { ChildConfig } from './consumer-process';
import { type ContractContext, delay, until } from './context';

const ROOT = resolve(__dirname, '..', '..', '..', '..', '..');
const RECORDS = 300;
const HANG_AT = 200;

type Written = { offsets: number[]; hangAt?: number; started: boolean };

function written(file: string): Written {
  const out: Written = { offsets: [], started: false };
  if (!existsSync(file)) return out;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line === 'started') out.started = true;
    else if (line.startsWith('hang ')) out.hangAt = Number(line.split(' ')[2]);
    else if (line) out.offsets.push(Number(line.split(' ')[1]));
  }
  return out;
}

/**
 * A consumer killed with SIGKILL (nothing flushed) while its handler is in
 * the middle of a batch: the next member of its group must get every record
 * the killed one did not finish, and nothing is lost.
 */
export function crashContract(c: ContractContext): void {
  const dir = mkdtempSync(join(tmpdir(), 'regicam-crash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function killedWhileHandling(waitBeforeKillMs: number) {
    const log = c.open();
    const topic = c.unique('killed');
    const groupId = c.unique('g');
    await log.createTopics([{ name: topic, partitions: 1 }]);
    await log.send(
      topic,
      Array.from({ length: RECORDS }, (_, i) => ({ key: 'terminal-1', value: String(i) })),
    );
    const out = join(dir, `${topic}.out`);
    const { module, exportName, options } = c.harness().child;
    const config: ChildConfig = {
      module,
      exportName,
      options,
      topic,
      groupId,
      out,
      hangAt: String(HANG_AT),
      maxBatchSize: 10,
      commitIntervalMs: 100,
    };
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', join(__dirname, 'consumer-process.ts'), JSON.stringify(config)],
      { cwd: ROOT, env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.base.json') }, stdio: 'inherit' },
    );
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    try {
      await until(() => written(out).hangAt !== undefined, 'the child to hang in its handler', 60_000);
      await delay(waitBeforeKillMs);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    const before = written(out);

    const again: ConsumedRecord[] = [];
    const survivor = await c.consume(c.open(), {
      groupId,
      topics: [topic],
      handler: async (batch) => void again.push(...batch.records),
    });
    await until(() => again.some((r) => Number(r.offset) === RECORDS - 1), 'the survivor to reach the end', 60_000);
    await survivor.stop();
    const offsets = again.map((r) => Number(r.offset));
    const from = offsets[0];
    return { before, offsets, from };
  }

  it('killed at once: nothing is lost, and redelivery starts at or before the batch it did not finish', async () => {
    const { before, offsets, from } = await killedWhileHandling(0);
    expect(before.hangAt).toBe(HANG_AT);
    expect(before.offsets).toEqual(Array.from({ length: HANG_AT }, (_, i) => i));
    expect(from).toBeLessThanOrEqual(HANG_AT);
    expect(offsets).toEqual(Array.from({ length: RECORDS - from }, (_, i) => from + i));
  });

  it('killed after the commit interval: only the batch it did not finish is delivered again', async () => {
    const { before, offsets, from } = await killedWhileHandling(1500);
    expect(before.offsets).toEqual(Array.from({ length: HANG_AT }, (_, i) => i));
    expect(from).toBe(HANG_AT);
    expect(offsets).toEqual(Array.from({ length: RECORDS - HANG_AT }, (_, i) => HANG_AT + i));
  });
}
