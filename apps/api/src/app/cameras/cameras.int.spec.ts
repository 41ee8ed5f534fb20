import { CameraDirectory } from '@regicam/cameras';
import { readFrames } from '@regicam/cameras/gateway/testing';
import { SIMULATED_REGISTER_REGIONS } from '@regicam/cameras/simulator';
import sharp from 'sharp';
import { ApiHarness, type ApiClient } from '../../testing/api-harness';

const pos = { model: 'CC-2L_SF', posOption: { from: '2019-03-07' } };

describe('cameras over HTTP: sources, clock offsets and their history, pushed frames', () => {
  const api = new ApiHarness(undefined, { env: { FRAME_MAX_BYTES: '300000' } });
  let owner: ApiClient;
  let other: ApiClient;
  let ownerId: string;
  let ids: { push: string; simulator: string; none: string; others: string };
  let token: string;
  let jpeg: Buffer;

  const frames = () => readFrames(api.stores.messageLog, api.stores.topics.cameraFrames);
  const send = (cameraId: string, body: Buffer | string, headers: Record<string, string> = {}, query = '') =>
    fetch(`${api.base}/api/cameras/${cameraId}/frames${query}`, {
      method: 'POST',
      headers: {
        'content-type': 'image/jpeg',
        authorization: `Bearer ${token}`,
        'x-captured-at': capturedAt,
        ...headers,
      },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
  const capturedAt = new Date(Date.now() - 60_000).toISOString();
  const blobId = (cameraId: string, at = capturedAt) => `frames/${cameraId}/${Date.parse(at)}.jpg`;

  beforeAll(async () => {
    await api.start();
    const a = await api.owner('cams@example.com', [
      { ...pos, name: 'A push', serial: 'C-1', source: { kind: 'push' } },
      { ...pos, name: 'B sim', serial: 'C-2', source: { kind: 'simulator', deviceId: 'demo-counter-1' } },
      { ...pos, name: 'C none', serial: 'C-3' },
    ]);
    const b = await api.owner('other@example.com', [{ ...pos, name: 'other', serial: 'C-9' }]);
    ownerId = a.id;
    ids = { push: a.cameraIds[0], simulator: a.cameraIds[1], none: a.cameraIds[2], others: b.cameraIds[0] };
    owner = await api.login(a.email, a.password);
    other = await api.login(b.email, b.password);
    const directory = await CameraDirectory.open(api.stores.readStore);
    token = (await directory.rotateIngestToken(ids.push, { actor: 'cli:test', now: new Date().toISOString() })).token;
    jpeg = await sharp({ create: { width: 320, height: 180, channels: 3, background: '#468' } })
      .jpeg()
      .toBuffer();
  }, 30_000);
  afterAll(() => api.stop());

  describe('GET /api/cameras and PUT /api/cameras/:cameraId/clock-offset', () => {
    it('lists each camera with its source and clock offset, and a simulated camera’s register regions', async () => {
      const { status, body } = await owner.call('GET', '/api/cameras');
      expect(status).toBe(200);
      const byId = new Map(body.cameras.map((c: { cameraId: string }) => [c.cameraId, c]));
      expect(byId.get(ids.push)).toMatchObject({
        source: { kind: 'push' },
        recording: false,
        clockOffsetMs: 0,
        clockOffsetSetBy: null,
        ingestToken: { tokenId: expect.any(String), createdBy: 'cli:test' },
        registerRegions: null,
      });
      expect(JSON.stringify(body)).not.toMatch(/sha256|rcit_/);
      expect(byId.get(ids.simulator)).toMatchObject({
        source: { kind: 'simulator', deviceId: 'demo-counter-1' },
        recording: true,
        registerRegions: SIMULATED_REGISTER_REGIONS.map((region, i) => ({ register: i + 1, region })),
      });
      expect(byId.get(ids.none)).toMatchObject({ source: null, ingestToken: null });
      expect(byId.has(ids.others)).toBe(false);
    });

    it('sets the clock offset, answering who set it when, and records it in the camera’s changes', async () => {
      const set = await owner.call('PUT', `/api/cameras/${ids.simulator}/clock-offset`, { clockOffsetMs: -7000 });
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({
        cameraId: ids.simulator,
        clockOffsetMs: -7000,
        clockOffsetSetBy: `owner:${ownerId}`,
        clockOffsetSetAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      const changes = await owner.call('GET', `/api/cameras/${ids.simulator}/changes`);
      expect(changes.body.changes).toEqual([
        expect.objectContaining({ field: 'source', to: { kind: 'simulator', deviceId: 'demo-counter-1' } }),
        expect.objectContaining({ field: 'clockOffsetMs', from: 0, to: -7000, actor: `owner:${ownerId}` }),
      ]);
      expect((await owner.call('GET', '/api/cameras')).body.cameras).toContainEqual(
        expect.objectContaining({ cameraId: ids.simulator, clockOffsetMs: -7000 }),
      );
    });

    it.each([
      ['a fraction of a millisecond', { clockOffsetMs: 1.5 }],
      ['more than a day', { clockOffsetMs: 86_400_001 }],
      ['a string', { clockOffsetMs: '2500' }],
      ['nothing', {}],
    ])('refuses %s with 400 naming clockOffsetMs', async (_, body) => {
      const res = await owner.call('PUT', `/api/cameras/${ids.simulator}/clock-offset`, body);
      expect(res.status).toBe(400);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'clockOffsetMs' })]);
    });

    it('answers 404 for another owner’s camera and a missing one, changing nothing', async () => {
      for (const path of [`/api/cameras/${ids.others}/clock-offset`, '/api/cameras/no-such-camera/clock-offset']) {
        const res = await owner.call('PUT', path, { clockOffsetMs: 100 });
        expect(res.status).toBe(404);
      }
      expect((await owner.call('GET', `/api/cameras/${ids.others}/changes`)).status).toBe(404);
      expect((await other.call('GET', '/api/cameras')).body.cameras[0]).toMatchObject({ clockOffsetMs: 0 });
    });
  });

  describe('POST /api/cameras/:cameraId/frames', () => {
    it('stores a JPEG and announces it once, a valid FrameCaptured timed by capturedAt', async () => {
      const first = await send(ids.push, jpeg);
      expect(first.status).toBe(201);
      expect(await first.json()).toMatchObject({
        type: 'FrameCaptured',
        cameraId: ids.push,
        capturedAt,
        blobId: blobId(ids.push),
        width: 320,
        height: 180,
        duplicate: false,
      });
      const again = await send(ids.push, jpeg);
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({ duplicate: true });
      const records = (await frames()).filter((r) => r.value.cameraId === ids.push);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ key: ids.push, timestamp: Date.parse(capturedAt) });
      expect((await api.stores.blobStore.getBuffer(blobId(ids.push)))?.data.equals(jpeg)).toBe(true);
    });

    it('takes capturedAt from the query too', async () => {
      const at = new Date(Date.now() - 30_000).toISOString();
      const res = await send(ids.push, jpeg, { 'x-captured-at': '' }, `?capturedAt=${encodeURIComponent(at)}`);
      expect(res.status).toBe(201);
      expect(await api.stores.blobStore.head(blobId(ids.push, at))).not.toBeNull();
    });

    type Case = [string, string, (at: string) => Promise<Response>, number, string];
    it.each<Case>([
      [
        'a body that is not a JPEG',
        'push',
        (at) => send(ids.push, Buffer.from('not a picture'), { 'x-captured-at': at }),
        400,
        'not_a_jpeg',
      ],
      [
        'a cut-off JPEG',
        'push',
        (at) => send(ids.push, jpeg.subarray(0, 200), { 'x-captured-at': at }),
        400,
        'not_a_jpeg',
      ],
      [
        'a body over FRAME_MAX_BYTES',
        'push',
        (at) => send(ids.push, Buffer.alloc(300_001, 0xff), { 'x-captured-at': at }),
        413,
        'too_large',
      ],
      [
        'a JSON body',
        'push',
        (at) => send(ids.push, '{"jpeg":1}', { 'x-captured-at': at, 'content-type': 'application/json' }),
        415,
        'unsupported_media_type',
      ],
      [
        'a wrong token',
        'push',
        (at) => send(ids.push, jpeg, { 'x-captured-at': at, authorization: `Bearer ${token.slice(0, -2)}xx` }),
        401,
        'invalid_token',
      ],
      [
        'no token',
        'push',
        (at) => send(ids.push, jpeg, { 'x-captured-at': at, authorization: '' }),
        401,
        'invalid_token',
      ],
      [
        'the owner’s session instead of a token',
        'push',
        (at) => send(ids.push, jpeg, { 'x-captured-at': at, authorization: '', cookie: owner.cookie }),
        401,
        'invalid_token',
      ],
      [
        'a camera of another kind (as a wrong token)',
        'simulator',
        (at) => send(ids.simulator, jpeg, { 'x-captured-at': at }),
        401,
        'invalid_token',
      ],
      [
        'an unknown camera (as a wrong token)',
        'unknown',
        (at) => send('no-such-camera', jpeg, { 'x-captured-at': at }),
        401,
        'invalid_token',
      ],
      ['a frame without capturedAt', 'push', () => send(ids.push, jpeg, { 'x-captured-at': '' }), 400, 'bad_request'],
    ])('refuses %s (%s camera) and stores nothing', async (_, camera, request, status, error) => {
      const at = new Date(Date.now() - 40_000 - Math.floor(Math.random() * 10_000)).toISOString();
      const before = (await frames()).length;
      const res = await request(at);
      expect(res.status).toBe(status);
      expect((await res.json()).error).toBe(error);
      if (status === 401) expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const cameraId = camera === 'unknown' ? 'no-such-camera' : ids[camera as 'push' | 'simulator'];
      expect(await api.stores.blobStore.head(blobId(cameraId, at))).toBeNull();
      expect(await frames()).toHaveLength(before);
    });

    it('refuses other bytes for a time it holds a frame of (409) and a capturedAt over an hour ahead (400)', async () => {
      const other = await sharp({ create: { width: 32, height: 18, channels: 3, background: '#000' } })
        .jpeg()
        .toBuffer();
      const conflict = await send(ids.push, other);
      expect(conflict.status).toBe(409);
      const ahead = await send(ids.push, jpeg, { 'x-captured-at': new Date(Date.now() + 3_700_000).toISOString() });
      expect(ahead.status).toBe(400);
      expect(await ahead.json()).toMatchObject({ details: [{ field: 'capturedAt' }] });
    });
  });
});
