import { CameraDirectory } from '@regicam/cameras';
import { SafieCameraSource } from '@regicam/cameras/safie';
import { CameraSimulator, type SimulatedCamera } from '@regicam/cameras/simulator';
import type { CameraSource } from '@regicam/cameras/source';
import { LINK_COLLECTIONS, LinkQueries, type LinkDocument } from '@regicam/links';
import { SqliteMessageLog } from '@regicam/messaging/sqlite';
import { SqliteReadStore } from '@regicam/read-store/sqlite';
import { readFrames, type FramesRecord } from '../testing';
import { SLICE_MS } from './announcements';
import { CameraGateway, openGatewayCheckpoints, type CameraGatewayOptions, type GatewayTarget } from './camera-gateway';
import { CameraGatewayRole } from './camera-gateway-role';
import { recordingTargets } from './gateway-targets';

const KEY = 'gateway-key-5a1f';
const TOPIC = 'regicam.camera-frames.v1';
const MINUTE = 60_000;
const T0 = Date.parse('2026-11-20T03:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('the camera gateway, against the camera simulator over HTTP, on the SQLite message log', () => {
  const sim = new CameraSimulator();
  const account = sim.addAccount({ apiKeys: [KEY] });
  const stranger = sim.addAccount({ apiKeys: ['someone-else'] });
  let now = T0;
  let store: SqliteReadStore;
  let log: SqliteMessageLog;
  let source: CameraSource;
  let refused: CameraSource;
  const cams: Record<string, SimulatedCamera> = {};
  const gateways: CameraGateway[] = [];

  const sourceWith = (apiKey: string) =>
    new SafieCameraSource({
      baseUrl: sim.url,
      auth: { apiKey },
      retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 20, timeoutMs: 5000 },
      now: () => now,
    });
  const target = (name: string, over: Partial<GatewayTarget> = {}): GatewayTarget => ({
    cameraId: `cam-${name}`,
    deviceId: cams[name].deviceId,
    source,
    since: new Date(T0 - 20 * MINUTE),
    ...over,
  });
  const open = async (targets: () => GatewayTarget[], options: CameraGatewayOptions = {}) => {
    const gateway = await CameraGateway.open(store, log, TOPIC, async () => targets(), {
      now: () => new Date(now),
      firstBackoffMs: 50,
      tickMs: 20,
      instanceId: `gw-${gateways.length + 1}`,
      ...options,
    });
    gateways.push(gateway);
    return gateway;
  };
  const advance = (ms: number) => {
    now += ms;
    sim.setClock(new Date(now));
  };
  const frames = async (cameraId?: string): Promise<FramesRecord[]> =>
    (await readFrames(log, TOPIC)).filter((r) => !cameraId || r.value.cameraId === cameraId);
  const checkpoint = async (cameraId: string) => (await openGatewayCheckpoints(store)).get(cameraId);

  beforeAll(async () => {
    await sim.start();
    sim.setClock(new Date(now));
    for (const name of ['a', 'dark', 'refused', 'slow', 'busy']) cams[name] = account.addCamera();
    cams['foreign'] = stranger.addCamera();
    // Dark for 100 s, camera time, with the camera's clock 2.5 s ahead.
    cams['dark'].clockOffsetMs = 2_500;
    cams['dark'].addDarkPeriod(new Date(T0 - 14 * MINUTE - 30_000), new Date(T0 - 12 * MINUTE - 50_000));
    source = sourceWith(KEY);
    refused = sourceWith('revoked-key');
  });

  beforeEach(async () => {
    now = T0;
    sim.setClock(new Date(now));
    store = new SqliteReadStore(':memory:');
    log = new SqliteMessageLog({ path: ':memory:', now: () => now, sweepIntervalMs: 0 });
    await log.createTopics([{ name: TOPIC, partitions: 3 }]);
  });

  afterEach(async () => {
    for (const g of gateways.splice(0)) await g.stop();
    for (const c of Object.values(cams)) c.faults.reset();
    await log.close();
    await store.close();
  });

  afterAll(() => sim.stop());

  it('announces each minute recorded since the link, and the dark period, once, keyed and timed by camera time', async () => {
    const gateway = await open(() => [target('a'), target('dark')]);
    await gateway.pollNow();

    // The listing ends on the minute at least 90 s before now: 02:58.
    const end = T0 - 2 * MINUTE;
    const a = await frames('cam-a');
    expect(a.map((r) => r.value)).toEqual(
      Array.from({ length: 18 }, (_, i) => ({
        type: 'RecordingAvailable',
        cameraId: 'cam-a',
        from: iso(T0 - 20 * MINUTE + i * MINUTE),
        to: iso(T0 - 19 * MINUTE + i * MINUTE),
      })),
    );
    for (const r of a) {
      expect(r.key).toBe('cam-a');
      expect(r.timestamp).toBe(Date.parse((r.value as { to: string }).to));
      expect(r.id).toBe(`cam-a/RecordingAvailable/${(r.value as { to: string }).to}`);
    }

    const dark = await frames('cam-dark');
    const off = T0 - 14 * MINUTE - 30_000;
    const on = T0 - 12 * MINUTE - 50_000;
    expect(dark.filter((r) => r.value.type !== 'RecordingAvailable').map((r) => [r.value, r.timestamp])).toEqual([
      [{ type: 'CameraDisconnected', cameraId: 'cam-dark', at: iso(off) }, off],
      [{ type: 'CameraConnected', cameraId: 'cam-dark', at: iso(on) }, on],
    ]);
    const recorded = dark.flatMap((r) => (r.value.type === 'RecordingAvailable' ? [r.value] : []));
    expect(recorded.some((s) => Date.parse(s.from) < on && Date.parse(s.to) > off)).toBe(false);
    expect(recorded.map((s) => [s.from, s.to])).toEqual(
      expect.arrayContaining([
        [iso(off - 30_000), iso(off)],
        [iso(on), iso(T0 - 12 * MINUTE)],
      ]),
    );
    expect(recorded.at(-1)?.to).toBe(iso(end));
    expect(await checkpoint('cam-a')).toMatchObject({
      through: iso(end),
      status: 'ok',
      announced: 18,
      claimedBy: null,
    });
  });

  it('announces nothing twice after a restart; a later poll announces only the new minutes', async () => {
    const first = await open(() => [target('a'), target('dark')]);
    await first.pollNow();
    const before = await frames();
    await first.stop();

    const second = await open(() => [target('a'), target('dark')]);
    await second.pollNow();
    expect(await frames()).toHaveLength(before.length);

    advance(5 * MINUTE + 10_000);
    await second.pollNow();
    const after = await frames();
    const ids = after.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(after.filter((r) => r.value.cameraId === 'cam-a')).toHaveLength(23);
    expect((await checkpoint('cam-a'))?.through).toBe(iso(T0 + 3 * MINUTE));
  });

  it('gives the same record ids when a range is listed again (a crash before the checkpoint was saved)', async () => {
    const gateway = await open(() => [target('dark')]);
    await gateway.pollNow();
    const first = (await frames()).map((r) => r.id);
    const checkpoints = await openGatewayCheckpoints(store);
    await checkpoints.delete('cam-dark');
    await gateway.pollNow();
    const again = (await frames()).map((r) => r.id).slice(first.length);
    expect(again).toEqual(first);
  });

  it('reports a camera that refuses us (401) or is not ours (403) as needing attention, and goes on with the others', async () => {
    const gateway = await open(() => [
      target('refused', { source: refused }),
      target('foreign'),
      target('a'),
      target('busy', { source: null }),
    ]);
    await gateway.pollNow();
    expect(await frames('cam-a')).toHaveLength(18);
    expect(await frames('cam-refused')).toEqual([]);
    const report = await new CameraGatewayRole(gateway).report();
    const part = (id: string) => report.find((p) => p.part === `camera:${id}`);
    expect(part('cam-refused')).toMatchObject({
      state: 'needs_attention',
      ready: true,
      details: { reason: 'credentials', lastError: expect.stringMatching(/key|credential/i) },
    });
    expect(part('cam-foreign')).toMatchObject({
      state: 'needs_attention',
      ready: true,
      details: { reason: 'permission' },
    });
    expect(part('cam-busy')).toMatchObject({ state: 'needs_attention', details: { reason: 'no_source' } });
    expect(part('cam-a')).toMatchObject({ state: 'ok', ready: true, details: { announced: 18 } });
    expect(report[0]).toMatchObject({ part: 'camera-gateway', ready: true, details: { cameras: 4 } });
    // Not asked again before the attention retry (10 minutes by default).
    const asked = sim.requests.length;
    await gateway.tick();
    await gateway.idle();
    expect(sim.requests.slice(asked).some((r) => r.includes(cams['refused'].deviceId))).toBe(false);
  });

  it('backs off a camera answering 429 and recovers it', async () => {
    cams['a'].faults.set({ next429: 3, retryAfterS: 0 });
    const gateway = await open(() => [target('a'), target('dark')]);
    await gateway.pollNow();
    expect(await checkpoint('cam-a')).toMatchObject({ status: 'failing', failures: 1, through: null });
    expect((await checkpoint('cam-a'))?.lastError).toMatch(/429|rate|too many/i);
    expect((await frames('cam-dark')).length).toBeGreaterThan(0);
    expect(await frames('cam-a')).toEqual([]);
    advance(100);
    await gateway.tick();
    await gateway.idle();
    expect(await checkpoint('cam-a')).toMatchObject({ status: 'ok', failures: 0 });
    expect(await frames('cam-a')).toHaveLength(18);
  });

  it('never lets a slow camera hold up the others, and polls no more cameras at once than allowed', async () => {
    cams['slow'].faults.set({ delayMs: 1500 });
    const gateway = await open(() => [target('slow'), target('a'), target('dark')], { concurrency: 2 });
    await gateway.tick();
    expect(gateway.inProgress).toEqual(['cam-slow', 'cam-a']);
    const deadline = Date.now() + 10_000;
    while (gateway.inProgress.includes('cam-a') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(gateway.inProgress).toEqual(['cam-slow']);
    expect(await frames('cam-a')).toHaveLength(18);
    await gateway.tick();
    expect(gateway.inProgress).toEqual(['cam-slow', 'cam-dark']);
    await gateway.idle();
    expect(await frames('cam-slow')).toHaveLength(18);
  });

  it('leaves a camera another instance holds alone', async () => {
    const checkpoints = await openGatewayCheckpoints(store);
    await checkpoints.upsert({
      id: 'cam-a',
      version: 1,
      cameraId: 'cam-a',
      deviceId: cams['a'].deviceId,
      through: null,
      status: 'ok',
      reason: null,
      lastSuccessAt: null,
      lastError: null,
      failures: 0,
      nextAt: iso(now),
      announced: 0,
      claimedBy: 'gw-elsewhere',
      claimedUntil: iso(now + MINUTE),
    });
    const gateway = await open(() => [target('a')]);
    await gateway.pollNow();
    expect(await frames('cam-a')).toEqual([]);
    advance(MINUTE);
    await gateway.pollNow();
    expect(await frames('cam-a')).toHaveLength(19);
  });

  it('lists a long backlog in windows, each saved, and nothing older than the retention', async () => {
    const gateway = await open(() => [target('a', { since: new Date(T0 - 5 * 86_400_000) })], {
      maxWindowMs: 12 * 3_600_000,
    });
    await gateway.pollNow();
    const a = await frames('cam-a');
    expect(a[0].value).toMatchObject({ from: iso(T0 - 3 * 86_400_000) });
    expect(a).toHaveLength((3 * 86_400_000 - 2 * MINUTE) / SLICE_MS);
    expect(sim.requests.filter((r) => r.includes(`/${cams['a'].deviceId}/media`)).length).toBeGreaterThanOrEqual(6);
  });
});

describe('the cameras the gateway watches', () => {
  it('are the recording cameras with the POS option and a link in force, from their oldest link', async () => {
    const store = new SqliteReadStore(':memory:');
    const directory = await CameraDirectory.open(store);
    const meta = { actor: 'cli:test', now: '2026-11-01T00:00:00.000Z' };
    const add = async (id: string, source: Parameters<CameraDirectory['setSource']>[1], from = '2026-11-01') => {
      await directory.add(
        { ownerId: 'o', name: id, model: 'm', serial: id, posOption: { from } },
        { id, now: meta.now },
      );
      await directory.setSource(id, source, meta);
    };
    await add('safie', { kind: 'safie', deviceId: 'd-1' });
    await add('sim', { kind: 'simulator', deviceId: 'd-2' });
    await add('push', { kind: 'push' });
    await add('unlinked', { kind: 'safie', deviceId: 'd-4' });
    await add('later', { kind: 'safie', deviceId: 'd-5' }, '2026-12-10');
    const links = await store.collection<LinkDocument>(LINK_COLLECTIONS.links);
    const link = (id: string, cameraId: string, createdAt: string, status: 'active' | 'removed' = 'active') =>
      links.upsert({
        id,
        version: 1,
        ownerId: 'o',
        provider: 'smaregi',
        contractId: 'c',
        terminalId: id,
        terminalKey: `smaregi:c:${id}`,
        cameraId,
        region: null,
        status,
        createdAt,
        createdBy: 'owner:o',
        removedAt: null,
        removedBy: null,
        removedReason: null,
      });
    await link('1', 'safie', '2026-11-20T01:00:00.000Z');
    await link('2', 'safie', '2026-11-20T00:30:00.000Z');
    await link('3', 'sim', '2026-10-01T00:00:00.000Z');
    await link('4', 'push', '2026-11-20T00:00:00.000Z');
    await link('5', 'unlinked', '2026-11-19T00:00:00.000Z', 'removed');
    await link('6', 'later', '2026-11-20T00:00:00.000Z');
    const safie = new SafieCameraSource({ baseUrl: 'http://127.0.0.1:9', auth: { apiKey: 'k' } });
    const sourceOf = (ref: { kind: string }) => (ref.kind === 'safie' ? safie : null);
    const targets = await recordingTargets({
      directory,
      links: await LinkQueries.open(store),
      sourceOf,
      now: new Date('2026-12-01T00:00:00.000Z'),
    });
    expect(targets.map((t) => [t.cameraId, t.deviceId, t.since.toISOString(), t.source !== null])).toEqual([
      ['safie', 'd-1', '2026-11-20T00:30:00.000Z', true],
      ['sim', 'd-2', '2026-10-31T15:00:00.000Z', false],
    ]);
    await store.close();
  });
});
