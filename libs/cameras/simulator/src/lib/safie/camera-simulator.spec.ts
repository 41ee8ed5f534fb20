import sharp from 'sharp';
import { decodeFrameBands } from '../../testing/decode';
import { SIMULATED_POS_ITEM_ID, seedDemoCameras } from '../demo';
import { CameraSimulator } from './camera-simulator';

const KEY = 'sim-spec-key';
const HOUR = 3_600_000;
/** The simulator's true time in these tests. */
const NOW = Date.parse('2026-12-10T03:00:00Z');
const JST = (ms: number) => new Date(ms + 9 * HOUR).toISOString().replace('Z', '+09:00');

const sim = new CameraSimulator();
const account = sim.addAccount({ apiKeys: [KEY], accessTokens: ['sim-spec-token'] });

async function get(path: string, query: Record<string, string | string[]> = {}, headers = { 'Safie-API-Key': KEY }) {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) for (const one of [v].flat()) search.append(k, one);
  const response = await fetch(`${sim.url}${path}${search.size ? `?${search}` : ''}`, { headers });
  const type = response.headers.get('content-type') ?? '';
  const body = type.startsWith('application/json')
    ? ((await response.json()) as Record<string, unknown>)
    : Buffer.from(await response.arrayBuffer());
  return { status: response.status, type, body, headers: response.headers };
}

beforeAll(() => sim.start());
afterAll(() => sim.stop());
beforeEach(() => sim.setClock(new Date(NOW)));
afterEach(() => sim.faults.reset());

describe('the simulated Safie API v2', () => {
  it('refuses a request without a known API key or token, in its error shape', async () => {
    for (const headers of [{}, { 'Safie-API-Key': 'nope' }, { Authorization: 'Bearer nope' }]) {
      const answer = await get('/v2/devices', {}, headers as { 'Safie-API-Key': string });
      expect(answer).toMatchObject({ status: 401, body: { status: 401, error: 'unauthorized' } });
    }
    expect((await get('/v2/devices', {}, { Authorization: 'Bearer sim-spec-token' } as never)).status).toBe(200);
  });

  it('lists devices a page at a time with total, count and has_next, filtered by item', async () => {
    const mine = account.addCameras(3, { itemIds: [900] });
    mine[1].addDarkPeriod(new Date(NOW - HOUR), new Date(NOW + HOUR));

    const first = await get('/v2/devices', { offset: '0', limit: '2', item_id: '900' });
    const second = await get('/v2/devices', { offset: '2', limit: '2', item_id: '900' });

    expect(first.body).toEqual({
      total: 3,
      offset: 0,
      count: 2,
      has_next: true,
      list: mine.slice(0, 2).map((c, i) => ({
        device_id: c.deviceId,
        serial: c.serial,
        setting: { name: c.name },
        status: { video_streaming: i === 0 },
        model: { description: 'CC-2L_SF' },
      })),
    });
    expect(second.body).toMatchObject({ total: 3, offset: 2, count: 1, has_next: false });
    expect((await get('/v2/devices', { limit: '101' })).body).toMatchObject({
      status: 400,
      message: 'limit must be an integer from 1 to 100',
    });
  });

  it.each([
    [{}, 'start must be an ISO 8601 time with a time zone'],
    [{ start: '2026-12-09T10:00:00', end: '2026-12-09T11:00:00' }, 'start must be an ISO 8601 time with a time zone'],
    [
      { start: '2026-12-09T10:00:00+09:00', end: '2026-12-09T01:00:00Z' },
      'start and end must be in the same time zone',
    ],
    [
      { start: '2026-12-09T10:00:00+09:00', end: '2026-12-09T10:00:59+09:00' },
      'the range from start to end must be 1 minute to 1 day',
    ],
    [
      { start: '2026-12-08T10:00:00+09:00', end: '2026-12-09T10:00:01+09:00' },
      'the range from start to end must be 1 minute to 1 day',
    ],
    [{ start: JST(NOW - HOUR), end: JST(NOW - 59_000) }, 'end must be at least 1 minute before now'],
  ])('refuses the range %j of media and events: %s', async (query, message) => {
    const [camera] = account.addCameras(1);
    for (const path of ['media', 'standard_events']) {
      const answer = await get(`/v2/devices/${camera.deviceId}/${path}`, query);
      expect(answer).toMatchObject({ status: 400, body: { status: 400, error: 'invalid_parameter', message } });
    }
  });

  it('lists the recorded media around gaps and dark periods, up to what a late recorder has uploaded', async () => {
    const [camera] = account.addCameras(1, { segmentMs: 10 * 60_000, recordingLagMs: 5 * 60_000 });
    const start = NOW - HOUR;
    camera.addGap(new Date(start + 12 * 60_000), new Date(start + 15 * 60_000));
    camera.addDarkPeriod(new Date(start + 30 * 60_000), new Date(start + 41 * 60_000));
    sim.setClock(new Date(start + 53 * 60_000));

    const answer = await get(`/v2/devices/${camera.deviceId}/media`, {
      start: JST(start),
      end: JST(start + 46 * 60_000),
    });

    const minute = (m: number) => JST(start + m * 60_000);
    expect(answer.body).toEqual({
      list: [
        { timestamp: minute(0), duration: 10 * 60_000 },
        { timestamp: minute(10), duration: 2 * 60_000 },
        { timestamp: minute(15), duration: 5 * 60_000 },
        { timestamp: minute(20), duration: 10 * 60_000 },
        { timestamp: minute(41), duration: 7 * 60_000 },
      ],
    });
  });

  it('reports disconnect and connect around a dark period, and motion, filtered and paged', async () => {
    const [camera] = account.addCameras(1);
    const start = NOW - 2 * HOUR;
    camera.addDarkPeriod(new Date(start + 10 * 60_000), new Date(start + 20 * 60_000));
    camera.addMotion([new Date(start + 5 * 60_000), new Date(start + 25 * 60_000), new Date(start + 3 * HOUR)]);
    const range = { start: JST(start), end: JST(start + HOUR) };
    const path = `/v2/devices/${camera.deviceId}/standard_events`;

    const all = await get(path, range);
    const darkOnly = await get(path, { ...range, event_types: ['connect', 'disconnect'] });
    const comma = await get(path, { ...range, event_types: 'disconnect,motion', offset: '1', limit: '1' });

    const at = (m: number) => JST(start + m * 60_000);
    expect(all.body).toEqual({
      list: [
        { type: 'motion', timestamp: at(5) },
        { type: 'disconnect', timestamp: at(10) },
        { type: 'connect', timestamp: at(20) },
        { type: 'motion', timestamp: at(25) },
      ],
    });
    expect((darkOnly.body as { list: unknown[] }).list).toHaveLength(2);
    expect(comma.body).toEqual({ list: [{ type: 'disconnect', timestamp: at(10) }] });
    expect((await get(path, { ...range, event_types: 'smoke' })).status).toBe(400);
  });

  it('draws the frame at a camera time as the scene at that time minus the offset, once uploaded', async () => {
    const [camera] = account.addCameras(1, { clockOffsetMs: 4_000, recordingLagMs: 60_000 });
    const path = `/v2/devices/${camera.deviceId}/image`;
    // Camera time T was taken at true time T - 4 s and is uploaded a minute later.
    const t = NOW - 30_000;

    const early = await get(path, { timestamp: JST(t) });
    sim.setClock(new Date(t - 4_000 + 60_000 + 1));
    const late = await get(path, { timestamp: JST(t) });

    expect(early).toMatchObject({ status: 404, body: { error: 'image_not_found' } });
    expect(late).toMatchObject({ status: 200, type: 'image/jpeg' });
    expect((await decodeFrameBands(late.body as Buffer))[1]).toEqual({
      camera: camera.number,
      register: 2,
      epochSecond: Math.floor((t - 4_000) / 1000),
    });
    expect((await get(path, { timestamp: '2026-12-10T10:00:00' })).status).toBe(400);
  });

  it('answers no picture while a camera is dark, a thumbnail of 320 × 180 otherwise', async () => {
    const [camera] = account.addCameras(1);
    camera.addDarkPeriod(new Date(NOW - 60_000), new Date(NOW + 60_000));
    const base = `/v2/devices/${camera.deviceId}`;

    expect((await get(`${base}/image`)).status).toBe(404);
    expect((await get(`${base}/thumbnail`)).status).toBe(404);
    sim.setClock(new Date(NOW + 61_000));
    const thumbnail = await get(`${base}/thumbnail`);
    expect(await sharp(thumbnail.body as Buffer).metadata()).toMatchObject({ width: 320, height: 180 });
    expect((await get('/v2/devices/nobody/thumbnail')).body).toMatchObject({ status: 404, error: 'device_not_found' });
  });

  it('keeps one account from the cameras of another', async () => {
    const theirs = sim.addAccount({ apiKeys: ['their-key'] }).addCamera();

    expect((await get(`/v2/devices/${theirs.deviceId}/image`)).body).toMatchObject({ status: 403, error: 'forbidden' });
  });

  it('fails on the switches: 429 with Retry-After, 503, a slow answer, and only the camera switched', async () => {
    const [quiet, noisy] = account.addCameras(2);
    sim.faults.set({ next429: 1, retryAfterS: 7 });
    const limited = await get('/v2/devices');
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);

    noisy.faults.set({ next5xx: 1 });
    expect((await get(`/v2/devices/${quiet.deviceId}/thumbnail`)).status).toBe(200);
    expect((await get(`/v2/devices/${noisy.deviceId}/thumbnail`)).status).toBe(503);
    expect((await get(`/v2/devices/${noisy.deviceId}/thumbnail`)).status).toBe(200);

    sim.faults.set({ delayMs: 1_000 });
    const slow = fetch(`${sim.url}/v2/devices`, {
      headers: { 'Safie-API-Key': KEY },
      signal: AbortSignal.timeout(100),
    });
    await expect(slow).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('seeds the demo account: three counter cameras with the POS option, one without', async () => {
    const demo = new CameraSimulator();
    const seeded = seedDemoCameras(demo);

    expect(seeded.cameras.filter((c) => c.itemIds.includes(SIMULATED_POS_ITEM_ID))).toHaveLength(3);
    expect(seeded.cameras.map((c) => c.clockOffsetMs)).toEqual([0, 2_500, -7_000, 0]);
  });
});
