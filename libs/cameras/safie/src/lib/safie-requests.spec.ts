import {
  CameraSourceError,
  CameraSourceRefusedError,
  CameraSourceRequestError,
  CameraSourceUnavailableError,
} from '@regicam/cameras/source';
import { CameraSimulator } from '@regicam/cameras/simulator';
import { RegisterBandError, decodeFrameBands } from '@regicam/cameras/simulator/testing';
import { SafieCameraSource, type SafieOptions } from './safie-camera-source';

const API_KEY = 'safie-key-0c9e44aa';
const TOKEN = 'oauth-access-3b71f0e2';
const HOUR = 3_600_000;

const sim = new CameraSimulator();
const account = sim.addAccount({ apiKeys: [API_KEY], accessTokens: [TOKEN] });
const other = sim.addAccount({ apiKeys: ['someone-else'] });
const FAST = { baseDelayMs: 1, timeoutMs: 5_000 };

const source = (options: Partial<SafieOptions> = {}) =>
  new SafieCameraSource({ baseUrl: sim.url, auth: { apiKey: API_KEY }, retry: FAST, ...options });

/** The requests made while `run` ran, as `path?query` with the query decoded. */
async function requestsOf(run: () => Promise<unknown>): Promise<string[]> {
  const before = sim.requests.length;
  await run();
  return sim.requests.slice(before).map((r) => decodeURIComponent(r.replace(/^GET /, '')));
}

async function failure(promise: Promise<unknown>): Promise<CameraSourceError> {
  const error = await promise.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CameraSourceError);
  expect(`${(error as Error).message} ${JSON.stringify(error)}`).not.toMatch(new RegExp(`${API_KEY}|${TOKEN}`));
  return error as CameraSourceError;
}

beforeAll(() => sim.start());
afterAll(() => sim.stop());
afterEach(() => sim.faults.reset());

describe('the requests the Safie adapter makes', () => {
  it('pages the devices 100 at a time, offset by the count, with the item filter', async () => {
    account.addCameras(230, { itemIds: [55] });

    const requests = await requestsOf(() => source().devices({ itemId: 55 }));

    expect(requests).toEqual([
      '/v2/devices?offset=0&limit=100&item_id=55',
      '/v2/devices?offset=100&limit=100&item_id=55',
      '/v2/devices?offset=200&limit=100&item_id=55',
    ]);
  });

  it('asks for an image in Japan time, and media and events one day window at a time', async () => {
    const camera = account.addCamera();
    const start = new Date(Math.floor((Date.now() - 5 * 24 * HOUR) / HOUR) * HOUR);
    const end = new Date(start.getTime() + 2 * 24 * HOUR + 30_000);
    const jst = (ms: number) =>
      new Date(start.getTime() + ms + 9 * HOUR)
        .toISOString()
        .replace(/\.000Z$/, '')
        .replace('Z', '') + '+09:00';

    const requests = await requestsOf(async () => {
      await source().imageAt(camera.deviceId, new Date(start.getTime() + 1_250));
      await source().recordings(camera.deviceId, start, end);
      await source().events(camera.deviceId, start, end, ['connect', 'disconnect']);
    });

    const path = `/v2/devices/${camera.deviceId}`;
    const day = 24 * HOUR;
    expect(requests).toEqual([
      `${path}/image?timestamp=${jst(1_250)}`,
      `${path}/media?start=${jst(0)}&end=${jst(day)}`,
      `${path}/media?start=${jst(day)}&end=${jst(2 * day)}`,
      `${path}/media?start=${jst(2 * day - 30_000)}&end=${jst(2 * day + 30_000)}`,
      `${path}/standard_events?start=${jst(0)}&end=${jst(day)}&offset=0&limit=100&event_types=connect&event_types=disconnect`,
      `${path}/standard_events?start=${jst(day)}&end=${jst(2 * day)}&offset=0&limit=100&event_types=connect&event_types=disconnect`,
      `${path}/standard_events?start=${jst(2 * day - 30_000)}&end=${jst(2 * day + 30_000)}&offset=0&limit=100&event_types=connect&event_types=disconnect`,
    ]);
  });

  it('pages events until a page holds fewer than the limit', async () => {
    const camera = account.addCamera();
    const start = new Date(Math.floor((Date.now() - 3 * HOUR) / HOUR) * HOUR);
    camera.addMotion(Array.from({ length: 10 }, (_, i) => new Date(start.getTime() + i * 60_000)));

    let events: unknown[] = [];
    const requests = await requestsOf(async () => {
      events = await source({ pageSize: 5 }).events(camera.deviceId, start, new Date(start.getTime() + HOUR));
    });

    expect(events).toHaveLength(10);
    expect(requests.map((r) => /offset=(\d+)/.exec(r)?.[1])).toEqual(['0', '5', '10']);
  });

  it('authenticates with a Bearer access token from its provider', async () => {
    const camera = account.addCamera();
    const tokens: string[] = [];
    const bearer = source({ auth: { accessToken: async () => (tokens.push(TOKEN), TOKEN) } });

    const image = await bearer.latestImage(camera.deviceId);

    expect((await decodeFrameBands(image.jpeg))[0].camera).toBe(camera.number);
    expect(tokens).toHaveLength(1);
  });
});

describe('what the Safie adapter makes of Safie answers', () => {
  it('refuses, without the token, when the provider has no token or Safie refuses it', async () => {
    const failing = source({
      auth: {
        accessToken: () => {
          throw new Error(`refresh failed for ${TOKEN}`);
        },
      },
    });
    const noToken = await failure(failing.devices());
    expect(noToken).toBeInstanceOf(CameraSourceRefusedError);
    expect(noToken.reason).toBe('credentials');

    const revoked = await failure(source({ auth: { accessToken: () => `${TOKEN}-old` } }).devices());
    expect(revoked).toMatchObject({ reason: 'credentials', vendorAnswer: expect.stringContaining('unauthorized') });
  });

  it("is refused another account's camera (permission), naming the camera", async () => {
    const theirs = other.addCamera();

    const error = await failure(source().imageAt(theirs.deviceId, new Date(Date.now() - HOUR)));

    expect(error).toBeInstanceOf(CameraSourceRefusedError);
    expect(error.reason).toBe('permission');
    expect(error.message).toContain(theirs.deviceId);
  });

  it('passes Safie’s own refusal on in its words when our clock and Safie’s disagree', async () => {
    const camera = account.addCamera();
    const ahead = source({ now: () => Date.now() + HOUR });
    const end = new Date(Date.now() - 30_000);

    const error = await failure(ahead.recordings(camera.deviceId, new Date(end.getTime() - HOUR), end));

    expect(error).toBeInstanceOf(CameraSourceRequestError);
    expect(error.reason).toBe('rejected');
    expect(error.message).toMatch(/HTTP 400\): invalid_parameter: end must be at least 1 minute before now/);
  });

  it('calls an answer that is not JSON malformed', async () => {
    sim.faults.set({ nextMalformed: 1 });

    const error = await failure(source().devices());

    expect(error).toBeInstanceOf(CameraSourceUnavailableError);
    expect(error.reason).toBe('malformed');
  });

  it('passes a truncated picture through as it came', async () => {
    const camera = account.addCamera();
    camera.faults.set({ nextTruncatedJpeg: 1 });

    const image = await source().imageAt(camera.deviceId, new Date(Date.now() - HOUR));

    expect(image.contentType).toBe('image/jpeg');
    await expect(decodeFrameBands(image.jpeg)).rejects.toBeInstanceOf(RegisterBandError);
  });

  it('keeps Retry-After on a 429 that outlasts its patience', async () => {
    sim.faults.set({ next429: 1, retryAfterS: 120 });

    const error = await failure(source({ retry: { ...FAST, maxDelayMs: 1_000 } }).devices());

    expect(error).toMatchObject({ reason: 'rate-limited', retryAfterMs: 120_000 });
  });

  it('refuses an empty device id and a page size Safie does not allow', async () => {
    expect((await failure(source().thumbnail(' '))).reason).toBe('argument');
    expect(() => source({ pageSize: 101 })).toThrow(/pageSize must be an integer from 1 to 100/);
  });
});
