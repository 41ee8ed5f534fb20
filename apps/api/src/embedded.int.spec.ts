import { decodeRegisterBand } from '@regicam/cameras/simulator/testing';
import { TOPIC, decodeRecord, type ThumbnailReady } from '@regicam/contracts';
import { readTopic } from '@regicam/messaging';
import { SqliteMessageLog } from '@regicam/messaging/sqlite';
import { openBlobStore, wantedTopics, loadStoreConfig } from '@regicam/runtime';
import { freePort, startProgram, type OwnedProcess } from '@regicam/testing/servers';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_OWNER } from './demo';

/** The embedded default as `npm start` runs it: the built API with every role, the POS and camera simulators, the demo. */
describe('the embedded default with its camera simulator', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'regicam-embedded-'));
  let env: Record<string, string>;
  let base: string;
  let api: OwnedProcess | undefined;
  let cookie = '';

  const start = async () => {
    api = await startProgram({ app: 'api', env, readyUrl: `${base}/api/health` });
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: DEMO_OWNER.email, password: DEMO_OWNER.password }),
    });
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  };
  const get = async (path: string) => (await fetch(`${base}${path}`, { headers: { cookie } })).json();

  beforeAll(async () => {
    const [port, posPort, cameraPort] = [await freePort(), await freePort(), await freePort()];
    base = `http://127.0.0.1:${port}`;
    env = {
      PORT: String(port),
      POS_SIMULATOR_PORT: String(posPort),
      CAMERA_SIMULATOR_PORT: String(cameraPort),
      DATA_DIR: dataDir,
      // The embedded message log, even when the test run's Kafka is in the environment.
      MESSAGE_LOG: 'sqlite',
      PORTAL_DIR: '',
      LOG_LEVEL: 'info',
      // The demo rings up a sale every 20 s; polled within a second of it.
      POS_POLL_INTERVAL_MS: '1000',
    };
    await start();
  }, 90_000);
  afterAll(async () => {
    await api?.stop();
  });

  it('reads the demo cameras with the POS option from the simulator, with its clocks and register regions', async () => {
    expect(api?.logs()).toMatch(
      /Camera simulator \(Safie API v2\) on http:\/\/127\.0\.0\.1:\d+.*2 demo cameras read from it/,
    );
    const { cameras } = await get('/api/cameras');
    const bySerial = new Map(cameras.map((c: { serial: string }) => [c.serial, c]));
    expect(bySerial.get('DEMO-0001')).toMatchObject({
      source: { kind: 'simulator', deviceId: 'demo-counter-1' },
      clockOffsetMs: 0,
      recording: true,
      registerRegions: [expect.objectContaining({ register: 1 }), expect.anything(), expect.anything()],
    });
    expect(bySerial.get('DEMO-0003')).toMatchObject({
      source: { kind: 'simulator', deviceId: 'demo-counter-2' },
      clockOffsetMs: 2500,
      clockOffsetSetBy: 'system:demo',
    });
  });

  it('hosts the camera gateway, which watches a demo camera once it is linked', async () => {
    const ready = await get('/api/health/ready');
    expect(ready.roles.map((r: { role: string }) => r.role)).toContain('camera-gateway');
    const { cameras } = await get('/api/cameras');
    const cameraId = cameras.find((c: { serial: string }) => c.serial === 'DEMO-0001').cameraId;
    const link = await fetch(`${base}/api/links`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ contractId: 'demo', accessToken: 'demo-access-token', terminalId: '1', cameraId }),
    });
    expect(link.status).toBe(201);
    const deadline = Date.now() + 30_000;
    let parts: { part: string; state: string; ready: boolean }[] = [];
    while (Date.now() < deadline) {
      const report = await get('/api/health/ready');
      parts = report.roles.find((r: { role: string }) => r.role === 'camera-gateway').parts;
      if (parts.some((p) => p.part === `camera:${cameraId}`)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(parts).toContainEqual(expect.objectContaining({ part: `camera:${cameraId}`, ready: true }));
    expect(parts.find((p) => p.part === `camera:${cameraId}`)?.state).toMatch(/^(pending|ok)$/);
  }, 60_000);

  it('gives a demo sale the thumbnail of its own register at its second, on the thumbnails topic and in the blob store', async () => {
    const { cameras } = await get('/api/cameras');
    const camera = cameras.find((c: { serial: string }) => c.serial === 'DEMO-0001');
    type RegisterRegion = { register: number; region: { x: number; y: number; width: number; height: number } };
    // 1. Registers 2 and 3 of the demo contract, linked with their regions on the first demo camera.
    for (const terminalId of ['2', '3']) {
      const { region } = camera.registerRegions.find((r: RegisterRegion) => String(r.register) === terminalId);
      const link = await fetch(`${base}/api/links`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json' },
        body: JSON.stringify({
          contractId: 'demo',
          accessToken: 'demo-access-token',
          terminalId,
          cameraId: camera.cameraId,
          region,
        }),
      });
      expect(link.status).toBe(201);
    }
    // 2. The next demo sale on one of them comes with its thumbnail: read the embedded log while it runs.
    const config = loadStoreConfig({ DATA_DIR: dataDir });
    const log = new SqliteMessageLog({ path: join(dataDir, 'messages.sqlite'), sweepIntervalMs: 0 });
    const topic = `${config.messageLog.topicPrefix}${TOPIC.thumbnails}`;
    let ready: { value: ThumbnailReady; at: number } | undefined;
    try {
      const deadline = Date.now() + 90_000;
      while (!ready && Date.now() < deadline) {
        for (const record of await readTopic(log, topic)) {
          const decoded = decodeRecord(TOPIC.thumbnails, record);
          if (
            decoded.ok &&
            decoded.value.type === 'ThumbnailReady' &&
            /^smaregi:demo:/.test(decoded.value.transactionKey)
          ) {
            ready = { value: decoded.value, at: record.timestamp };
          }
        }
        if (!ready) await new Promise((r) => setTimeout(r, 1000));
      }
    } finally {
      await log.close();
    }
    expect(ready?.value.cameraId).toBe(camera.cameraId);
    // The day list shows it with its picture once the pictures projection has read the topic.
    type Row = { transactionKey: string; register: { terminalId: string }; occurredAt: string; receivedAt: string };
    let sale: (Row & { picture: { state: string; url?: string } }) | undefined;
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 500))) {
      const { transactions } = await get(`/api/transactions?cameraId=${camera.cameraId}&date=today&limit=200`);
      sale = transactions.find((t: Row) => t.transactionKey === ready?.value.transactionKey);
      if (sale?.picture.state === 'ready') break;
    }
    if (!sale) throw new Error(`the day list has no row ${ready?.value.transactionKey}`);
    expect(['2', '3']).toContain(sale.register.terminalId);
    expect(sale.picture).toMatchObject({
      state: 'ready',
      url: `/api/thumbnails/${encodeURIComponent(sale.transactionKey)}`,
    });

    // 3. Both sizes are in the blob store (read once the program stopped) and show the sale's register at its second.
    await api?.stop();
    const blobs = await openBlobStore(config.blobStore);
    try {
      for (const id of Object.values((ready as { value: ThumbnailReady }).value.blobIds)) {
        const blob = await blobs.getBuffer(id);
        expect(blob).not.toBeNull();
        expect(await decodeRegisterBand((blob as { data: Buffer }).data)).toEqual({
          camera: 1,
          register: Number(sale.register.terminalId),
          epochSecond: Math.floor(Date.parse(sale.occurredAt) / 1000),
        });
      }
    } finally {
      await blobs.close();
      await start();
    }
    // 4. Within the join's grace (10 s) and a few seconds of the sale being recorded.
    const latencyMs = (ready as { at: number }).at - Date.parse(sale.receivedAt);
    process.stderr.write(`embedded default: sale recorded → ThumbnailReady in ${latencyMs} ms\n`);
    expect(latencyMs).toBeLessThan(15_000);
  }, 120_000);

  it('created every topic at start, and gives the demo cameras their sources only once', async () => {
    await api?.stop();
    const log = new SqliteMessageLog({ path: join(dataDir, 'messages.sqlite'), sweepIntervalMs: 0 });
    const config = loadStoreConfig({ DATA_DIR: dataDir }).messageLog;
    const described = await log.describeTopics(wantedTopics(config).map((t) => t.name));
    await log.close();
    expect(described.filter((t) => !t.exists)).toEqual([]);
    await start();
    const { cameras } = await get('/api/cameras');
    const camera = cameras.find((c: { serial: string }) => c.serial === 'DEMO-0003');
    expect((await get(`/api/cameras/${camera.cameraId}/changes`)).changes).toHaveLength(2);
    expect(api?.logs()).not.toMatch(/demo cameras read from it/);
  }, 90_000);
});
