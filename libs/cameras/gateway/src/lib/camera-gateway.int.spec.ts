import { SafieCameraSource } from '@regicam/cameras/safie';
import { CameraSimulator } from '@regicam/cameras/simulator';
import { TOPICS, topicNames } from '@regicam/contracts';
import { KafkaMessageLog } from '@regicam/messaging/kafka';
import { SqliteReadStore } from '@regicam/read-store/sqlite';
import { requireServer, uniqueName } from '@regicam/testing/servers';
import { readFrames } from '../testing';
import { SLICE_MS, sliceStart } from './announcements';
import { CameraGateway, openGatewayCheckpoints, type GatewayTarget } from './camera-gateway';

const MINUTE = 60_000;

/** The gateway on the real Kafka, in real time: what it announces, and that a restart announces nothing again. */
describe('the camera gateway on Kafka', () => {
  const sim = new CameraSimulator();
  const account = sim.addAccount({ apiKeys: ['kafka-gateway-key'] });
  const camera = account.addCamera({ clockOffsetMs: 1_500 });
  const topic = topicNames(`${uniqueName('gateway')}.`).cameraFrames;
  const store = new SqliteReadStore(':memory:');
  const logs: KafkaMessageLog[] = [];
  const now = Date.now();
  const dark = { from: sliceStart(now - 7 * MINUTE) + 12_000, to: sliceStart(now - 6 * MINUTE) + 40_000 };
  let target: GatewayTarget;

  const open = async () => {
    const log = new KafkaMessageLog({ brokers: requireServer('KAFKA_BROKERS').split(','), clientId: uniqueName('gw') });
    logs.push(log);
    return {
      log,
      gateway: await CameraGateway.open(store, log, topic, async () => [target], { listingDelayMs: MINUTE }),
    };
  };

  beforeAll(async () => {
    await sim.start();
    camera.addDarkPeriod(new Date(dark.from), new Date(dark.to));
    target = {
      cameraId: 'cam-kafka',
      deviceId: camera.deviceId,
      source: new SafieCameraSource({ baseUrl: sim.url, auth: { apiKey: 'kafka-gateway-key' } }),
      since: new Date(now - 10 * MINUTE),
    };
    const { log } = await open();
    await log.createTopics([
      { name: topic, partitions: 3, config: { retentionMs: TOPICS.cameraFrames.retentionMs, cleanupPolicy: 'delete' } },
    ]);
  }, 60_000);

  afterAll(async () => {
    for (const log of logs) await log.close();
    await store.close();
    await sim.stop();
  });

  it('announces the recorded minutes and the dark period, each once, also after a restart', async () => {
    const first = await open();
    await first.gateway.pollNow();
    const records = await readFrames(first.log, topic);
    const end = Date.parse((await (await openGatewayCheckpoints(store)).get('cam-kafka'))?.through ?? '');
    const slices = (end - sliceStart(now - 10 * MINUTE)) / SLICE_MS;
    // One per minute: the two the dark period touches hold the parts recorded before and after it.
    expect(slices).toBeGreaterThanOrEqual(8);
    expect(records.filter((r) => r.value.type === 'RecordingAvailable').map((r) => r.timestamp)).toEqual(
      Array.from({ length: slices }, (_, i) => {
        const sliceEnd = sliceStart(now - 10 * MINUTE) + (i + 1) * SLICE_MS;
        return sliceEnd === sliceStart(dark.from) + SLICE_MS ? dark.from : sliceEnd;
      }),
    );
    expect(
      records.filter((r) => r.value.type !== 'RecordingAvailable').map((r) => [r.value.type, r.timestamp]),
    ).toEqual([
      ['CameraDisconnected', dark.from],
      ['CameraConnected', dark.to],
    ]);
    for (const r of records) expect(r.key).toBe('cam-kafka');
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);

    const second = await open();
    await second.gateway.pollNow();
    const again = await readFrames(second.log, topic);
    const newer = again.slice(records.length);
    // A minute may have passed: only the minutes after the first listing are new.
    expect(again.slice(0, records.length).map((r) => r.id)).toEqual(records.map((r) => r.id));
    for (const r of newer) expect(r.timestamp).toBeGreaterThan(end);
    expect(newer.length).toBeLessThanOrEqual(2);
    expect(new Set(again.map((r) => r.id)).size).toBe(again.length);
  }, 120_000);
});
