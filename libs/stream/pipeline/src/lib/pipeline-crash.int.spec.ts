import { PipelineWorld, type WorldWorker } from './pipeline-world';
import { FLOW_ENV, checkEverySale, flowSales, heldPartitions, killAtRandom, openShop } from '../scenarios/sales-flow';

const SALES = 1_000;
const PER_SECOND = 7;
const KILLS = 10;

/**
 * The pipeline on the real Kafka as processes: a relay worker, a join
 * worker and a thumbnailer worker (`dist/apps/worker/main.js`) that this
 * test owns. While 1,000 sales flow at a steady rate, the join process and
 * the thumbnailer process are each killed with SIGKILL at random points,
 * ten times, and started again. Afterwards every sale has exactly one
 * outcome by compaction key, a thumbnail of its own register at its own
 * second, and every repeat of an outcome is the same.
 */
describe('the pipeline while its join and thumbnailer processes are killed', () => {
  let world: PipelineWorld;

  beforeAll(async () => {
    world = await PipelineWorld.open({ log: 'kafka', partitions: 3, env: FLOW_ENV });
  }, 120_000);

  afterAll(async () => {
    await world?.close();
  }, 120_000);

  it('gives every sale one thumbnail of its register and second through ten kills of each', async () => {
    const started = Date.now();
    // Two push cameras and a recording camera, two registers each.
    const registers = await openShop(world, { push: 2, recording: 1, registersPerCamera: 2 });
    await world.startWorker('relay');
    let join: WorldWorker | undefined;
    let thumbnailer: WorldWorker | undefined;
    const joinWorks = async (w: WorldWorker) =>
      (await heldPartitions(w, 'join:link')) > 0 && (await heldPartitions(w, 'join:camera')) > 0;
    const thumbnailerWorks = async (w: WorldWorker) => (await heldPartitions(w, 'thumbnailer')) > 0;

    const [flow, joinKills, thumbnailerKills] = await Promise.all([
      flowSales(world, registers, { count: SALES, perSecond: PER_SECOND }),
      killAtRandom(
        () => world.startWorker('join'),
        joinWorks,
        KILLS,
        (w) => (join = w),
      ),
      killAtRandom(
        () => world.startWorker('thumbnailer'),
        thumbnailerWorks,
        KILLS,
        (w) => (thumbnailer = w),
      ),
    ]);
    const flowEnd = started + flow.ms;
    const check = await checkEverySale(world, flow.sales, 300_000);

    expect(joinKills).toHaveLength(KILLS);
    expect(thumbnailerKills).toHaveLength(KILLS);
    expect(join?.child.exitCode).toBeNull();
    expect(thumbnailer?.child.exitCode).toBeNull();
    process.stderr.write(
      `pipeline crash test: ${SALES} sales in ${(flow.ms / 1000).toFixed(0)} s; ` +
        `kills during the flow: join ${joinKills.filter((t) => t <= flowEnd).length}/${KILLS}, ` +
        `thumbnailer ${thumbnailerKills.filter((t) => t <= flowEnd).length}/${KILLS}; ` +
        `${check.records} outcome records, ${check.repeated} sales with repeats; ` +
        `all done ${((Date.now() - started) / 1000).toFixed(0)} s after the start\n`,
    );
  }, 900_000);
});
