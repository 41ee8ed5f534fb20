import { TOPIC, decodeRecord, type ThumbnailsValue } from '@regicam/contracts';
import { readTopic } from '@regicam/messaging';
import type { PartReport } from '@regicam/roles';
import {
  PipelineWorld,
  until,
  wholeSecond,
  type Picture,
  type Sale,
  type WorldCamera,
  type WorldWorker,
} from '../lib/pipeline-world';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The roles' settings of the flow tests: the join waits up to a minute for
 * a sale's frame, since the frames pushed by the test's own process fall
 * behind on a loaded machine and these tests check what each sale gets,
 * not how soon (the grace itself is tested in the scenarios). A crashed
 * member's partitions move on after the default session timeout (10 s):
 * shorter ones make members of a starved machine miss heartbeats and
 * rebalance over and over.
 */
export const FLOW_ENV = { JOIN_GRACE_MS: '60000' };

/** A register of the shop: its terminal, the camera it is linked to, and its region on that camera. */
export type Register = { terminalId: string; camera: WorldCamera; register: number };

/** A sale and the register it was rung up at. */
export type FlowSale = Sale & { at: Register };

/**
 * A shop: push cameras (each pushing a frame every second from now on) and
 * recording cameras, each seeing `registersPerCamera` registers (regions
 * 1, 2, 3), every register's terminal linked to its camera a minute ago.
 */
export async function openShop(
  world: PipelineWorld,
  cameras: { push: number; recording: number; registersPerCamera: number },
): Promise<Register[]> {
  const all: WorldCamera[] = [];
  for (let i = 0; i < cameras.push; i++) all.push(await world.pushCamera());
  for (let i = 0; i < cameras.recording; i++) all.push(await world.recordingCamera());
  const linkedAt = wholeSecond(Date.now()) - 60_000;
  const registers: Register[] = [];
  for (const camera of all) {
    for (let register = 1; register <= cameras.registersPerCamera; register++) {
      const terminalId = world.terminal();
      await world.link(terminalId, camera, register, linkedAt);
      registers.push({ terminalId, camera, register });
    }
  }
  for (const camera of all) if (camera.kind === 'push') world.startPushing(camera);
  return registers;
}

/**
 * Rings up `count` sales at a steady rate, round the registers, each at the
 * whole second it is rung up (as POS clocks give them).
 */
export async function flowSales(
  world: PipelineWorld,
  registers: Register[],
  options: { count: number; perSecond: number },
): Promise<{ sales: FlowSale[]; ms: number }> {
  const sales: FlowSale[] = [];
  const started = Date.now();
  for (let i = 0; i < options.count; i++) {
    const due = started + (i * 1000) / options.perSecond;
    if (due > Date.now()) await sleep(due - Date.now());
    const at = registers[i % registers.length];
    sales.push({ ...(await world.sale(at.terminalId, wholeSecond(Date.now()))), at });
  }
  return { sales, ms: Date.now() - started };
}

/** The partitions a worker's role holds now, from its health report (none when it does not answer). */
export async function heldPartitions(worker: WorldWorker, part: string): Promise<number> {
  const parts: PartReport[] = ((await worker.report()) ?? []).flatMap((r) => r.parts);
  const held = parts.find((p) => p.part === part)?.details?.['partitions'];
  if (Array.isArray(held)) return held.length;
  return held && typeof held === 'object' ? Object.keys(held).length : 0;
}

/**
 * Kills a role's process with SIGKILL `kills` times and starts it again
 * each time: once the process holds partitions (it is a working member of
 * its groups), after a random 0.3 to 3 s. Returns when each kill was made.
 */
export async function killAtRandom(
  start: () => Promise<WorldWorker>,
  working: (worker: WorldWorker) => Promise<boolean>,
  kills: number,
  onStarted: (worker: WorldWorker) => void,
): Promise<number[]> {
  const at: number[] = [];
  let worker = await start();
  onStarted(worker);
  for (let k = 0; k < kills; k++) {
    await until(`${worker.name} to work in its groups`, () => working(worker), 120_000);
    await sleep(300 + Math.random() * 2_700);
    await worker.stop('SIGKILL');
    at.push(Date.now());
    worker = await start();
    onStarted(worker);
  }
  return at;
}

export type FlowCheck = {
  /** Records on the thumbnails topic, all told (repeats of a transaction's outcome included). */
  records: number;
  /** Transactions with more than one record (a job done again after a crash). */
  repeated: number;
  /** The latest record of each transaction, the one compaction keeps. */
  latest: Map<string, ThumbnailsValue>;
};

/**
 * What the thumbnails topic holds once every sale has an outcome, read
 * whole from its start: the latest record per transaction key (what
 * compaction keeps) for exactly the sales, each a thumbnail that decodes to
 * its register and second, and every repeat of an outcome the same as it.
 */
export async function checkEverySale(world: PipelineWorld, sales: FlowSale[], timeoutMs: number): Promise<FlowCheck> {
  const keys = new Set(sales.map((s) => s.transactionKey));
  await until(
    `an outcome for each of ${sales.length} sales (${[...keys].filter((k) => !world.outcomes.has(k)).length} missing)`,
    () => [...keys].every((k) => world.outcomes.has(k)),
    timeoutMs,
  );
  const byKey = new Map<string, ThumbnailsValue[]>();
  const records = await readTopic(world.log, world.topics.thumbnails);
  for (const record of records) {
    const decoded = decodeRecord(TOPIC.thumbnails, record);
    if (!decoded.ok) throw new Error(`${record.partition}@${record.offset}: ${decoded.reason}`);
    const key = decoded.value.transactionKey;
    byKey.set(key, [...(byKey.get(key) ?? []), decoded.value]);
  }
  const latest = new Map([...byKey].map(([key, values]) => [key, values[values.length - 1]]));
  expect([...latest.keys()].sort()).toEqual([...keys].sort());
  const problems: string[] = [];
  for (const sale of sales) {
    const outcome = latest.get(sale.transactionKey) as ThumbnailsValue;
    if (outcome.type !== 'ThumbnailReady') {
      problems.push(`${sale.transactionKey}: ${JSON.stringify(outcome)}`);
      continue;
    }
    const want: Picture = PipelineWorld.expected(sale.at.camera, sale.at.register, sale);
    const got = await world.picture(outcome).catch((error: unknown) => String(error));
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      problems.push(`${sale.transactionKey}: shows ${JSON.stringify(got)}, not ${JSON.stringify(want)}`);
    }
    const repeats = byKey.get(sale.transactionKey) ?? [];
    const differ = repeats.filter((r) => r.type !== outcome.type || ('frameAt' in r && r.frameAt !== outcome.frameAt));
    if (differ.length > 0) problems.push(`${sale.transactionKey}: repeats differ: ${JSON.stringify(repeats)}`);
  }
  expect(problems).toEqual([]);
  return { records: records.length, repeated: [...byKey.values()].filter((v) => v.length > 1).length, latest };
}
