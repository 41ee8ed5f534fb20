import { PipelineWorld, until, type WorldWorker } from './pipeline-world';
import { FLOW_ENV, checkEverySale, flowSales, heldPartitions, openShop } from '../scenarios/sales-flow';

const SALES = 400;
const PER_SECOND = 8;
const PARTITIONS = 4;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The pipeline on the real Kafka, scaled out: topics of four partitions,
 * two join processes and two thumbnailer processes sharing them in their
 * consumer groups. Under load, one of each is killed with SIGKILL and not
 * started again: the other takes its partitions over and no sale is lost.
 */
describe('the pipeline with two join and two thumbnailer processes, one of each killed under load', () => {
  let world: PipelineWorld;

  beforeAll(async () => {
    world = await PipelineWorld.open({
      log: 'kafka',
      partitions: PARTITIONS,
      env: FLOW_ENV,
    });
  }, 120_000);

  afterAll(async () => {
    await world?.close();
  }, 120_000);

  it('shares the partitions between the processes of each role, and loses no sale when one of each dies', async () => {
    const started = Date.now();
    const registers = await openShop(world, { push: 2, recording: 4, registersPerCamera: 2 });
    await world.startWorker('relay');
    const joins = [
      await world.startWorker('join', { name: 'join-1' }),
      await world.startWorker('join', { name: 'join-2' }),
    ];
    const thumbnailers = [
      await world.startWorker('thumbnailer', { name: 'thumbnailer-1' }),
      await world.startWorker('thumbnailer', { name: 'thumbnailer-2' }),
    ];
    // 1. Each group has both members, each holding some of the partitions.
    const shares = async (workers: WorldWorker[], part: string) => {
      const held = await Promise.all(workers.map((w) => heldPartitions(w, part)));
      return held.every((n) => n > 0) && held.reduce((a, b) => a + b, 0) === PARTITIONS;
    };
    await until(
      'both joins and both thumbnailers to share the partitions',
      async () =>
        (await shares(joins, 'join:link')) &&
        (await shares(joins, 'join:camera')) &&
        (await shares(thumbnailers, 'thumbnailer')),
      120_000,
    );

    // 2. Sales flow; at 40 % of the flow a join dies, at 60 % a thumbnailer.
    const flowMs = (SALES / PER_SECOND) * 1000;
    const kills = (async () => {
      await sleep(0.4 * flowMs);
      await joins[0].stop('SIGKILL');
      await sleep(0.2 * flowMs);
      await thumbnailers[0].stop('SIGKILL');
    })();
    const [flow] = await Promise.all([flowSales(world, registers, { count: SALES, perSecond: PER_SECOND }), kills]);

    // 3. Every sale has its thumbnail; the survivors hold every partition.
    const check = await checkEverySale(world, flow.sales, 180_000);
    expect(await heldPartitions(joins[1], 'join:camera')).toBe(PARTITIONS);
    expect(await heldPartitions(joins[1], 'join:link')).toBe(PARTITIONS);
    expect(await heldPartitions(thumbnailers[1], 'thumbnailer')).toBe(PARTITIONS);
    process.stderr.write(
      `pipeline scale test: ${SALES} sales in ${(flow.ms / 1000).toFixed(0)} s over ${PARTITIONS} partitions; ` +
        `${check.records} outcome records, ${check.repeated} sales with repeats; ` +
        `all done ${((Date.now() - started) / 1000).toFixed(0)} s after the start\n`,
    );
  }, 600_000);
});
