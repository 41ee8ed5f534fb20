import { SqliteMessageLog } from '@regicam/messaging/sqlite';
import { wantedTopics, loadStoreConfig } from '@regicam/runtime';
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
