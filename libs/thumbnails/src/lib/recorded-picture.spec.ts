import {
  CameraSourceNotFoundError,
  CameraSourceRefusedError,
  CameraSourceRequestError,
  CameraSourceUnavailableError,
  type CameraImage,
} from '@regicam/cameras/source';
import { PictureError } from './picture/make-thumbnails';
import { DEFAULT_RECORDING_RETRY, JobAbandoned, fetchRecorded, judgeCameraError } from './recorded-picture';

const IMAGE: CameraImage = { jpeg: Buffer.from('jpeg'), contentType: 'image/jpeg' };
const notYet = () => new CameraSourceNotFoundError('image', 'Safie has no image at that time (404)');
const busy = (retryAfterMs?: number) =>
  new CameraSourceUnavailableError('server', 'Safie answered 503 four times', retryAfterMs);

/** A camera that answers in turn with these (errors thrown, images given), the last one for ever after. */
function scripted(answers: (Error | CameraImage)[]) {
  let calls = 0;
  return {
    imageAt: async () => {
      const answer = answers[Math.min(calls++, answers.length - 1)];
      if (answer instanceof Error) throw answer;
      return answer;
    },
    calls: () => calls,
  };
}

/** The options with a clock that moves only when the job sleeps, and a record of slots and waits. */
function harness(abandonAfterSleeps = Infinity) {
  let clock = 1_000_000;
  let inSlot = 0;
  const trail: string[] = [];
  return {
    trail,
    options: {
      retry: DEFAULT_RECORDING_RETRY,
      now: () => clock,
      sleep: async (ms: number) => {
        expect(inSlot).toBe(0);
        trail.push(`sleep ${ms}`);
        clock += ms;
      },
      abandoned: () => trail.filter((t) => t.startsWith('sleep')).length >= abandonAfterSleeps,
      inSlot: async <R>(work: () => Promise<R>) => {
        inSlot++;
        try {
          return await work();
        } finally {
          inSlot--;
        }
      },
      waiting: (waiting: boolean) => trail.push(waiting ? 'waiting' : 'awake'),
    },
  };
}

const used = async (image: CameraImage) => `made of ${image.jpeg.toString()}`;

describe('fetchRecorded', () => {
  it('asks again while the camera has not uploaded the picture, pausing 2, 4, 8 s, and uses it once there', async () => {
    const camera = scripted([notYet(), notYet(), notYet(), IMAGE]);
    const { options, trail } = harness();
    expect(await fetchRecorded(camera.imageAt, used, options)).toEqual({ ok: true, value: 'made of jpeg' });
    expect(camera.calls()).toBe(4);
    expect(trail.filter((t) => t.startsWith('sleep'))).toEqual(['sleep 2000', 'sleep 4000', 'sleep 8000']);
    expect(trail.slice(0, 3)).toEqual(['waiting', 'sleep 2000', 'awake']);
  });

  it('gives up with not_found once the window has passed, saying how many attempts over how long', async () => {
    const camera = scripted([notYet()]);
    const { options, trail } = harness();
    const outcome = await fetchRecorded(camera.imageAt, used, options);
    // 2 + 4 + 8 + 15 × 7 = 119 s: the next pause would end past 120 s.
    expect(trail.filter((t) => t.startsWith('sleep'))).toHaveLength(10);
    expect(outcome).toEqual({
      ok: false,
      reason: 'not_found',
      detail: 'Safie has no image at that time (404) (11 attempts over 119 s)',
    });
  });

  it('gives up with camera_unavailable when the service stays busy (5xx, 429) over the window', async () => {
    const camera = scripted([busy()]);
    const { options } = harness();
    const outcome = await fetchRecorded(camera.imageAt, used, {
      ...options,
      retry: { ...options.retry, windowMs: 10_000 },
    });
    expect(outcome).toMatchObject({ ok: false, reason: 'camera_unavailable' });
    expect(camera.calls()).toBe(3);
  });

  it("waits at least the service's Retry-After", async () => {
    const camera = scripted([busy(30_000), IMAGE]);
    const { options, trail } = harness();
    expect(await fetchRecorded(camera.imageAt, used, options)).toMatchObject({ ok: true });
    expect(trail).toContain('sleep 30000');
  });

  it('fails at once with camera_refused when the camera service refuses the credentials (401) or the device (403)', async () => {
    for (const reason of ['credentials', 'permission'] as const) {
      const camera = scripted([new CameraSourceRefusedError(reason, 'Safie refused the API key (401)'), IMAGE]);
      const { options, trail } = harness();
      const outcome = await fetchRecorded(camera.imageAt, used, options);
      expect(outcome).toEqual({ ok: false, reason: 'camera_refused', detail: 'Safie refused the API key (401)' });
      expect([camera.calls(), trail]).toEqual([1, []]);
    }
  });

  it('fails at once with not_found when the device does not exist', async () => {
    const camera = scripted([new CameraSourceNotFoundError('device', 'Safie has no device sim-9 (404)'), IMAGE]);
    const { options } = harness();
    expect(await fetchRecorded(camera.imageAt, used, options)).toMatchObject({ ok: false, reason: 'not_found' });
    expect(camera.calls()).toBe(1);
  });

  it("passes the use's own failure on (a corrupt picture is not the camera's fault) without asking again", async () => {
    const camera = scripted([IMAGE]);
    const { options } = harness();
    const refuse = async () => {
      throw new PictureError('corrupt_image', 'the picture cannot be decoded');
    };
    await expect(fetchRecorded(camera.imageAt, refuse, options)).rejects.toMatchObject({ reason: 'corrupt_image' });
    expect(camera.calls()).toBe(1);
  });

  it('stops asking once the job is given up', async () => {
    const camera = scripted([notYet()]);
    const { options } = harness(2);
    await expect(fetchRecorded(camera.imageAt, used, options)).rejects.toBeInstanceOf(JobAbandoned);
    expect(camera.calls()).toBe(2);
  });
});

describe('judgeCameraError', () => {
  it.each([
    ['a range too recent', true, 'camera_unavailable', new CameraSourceRequestError('too-recent', 'too recent')],
    ['a broken rule', false, 'camera_unavailable', new CameraSourceRequestError('argument', 'an empty device id')],
    ['a malformed answer', true, 'camera_unavailable', new CameraSourceUnavailableError('malformed', 'not JSON')],
    ['a foreign error', true, 'camera_unavailable', new TypeError('fetch failed')],
  ])('%s → retry %s, %s', (_what, retry, reason, error) => {
    expect(judgeCameraError(error)).toMatchObject({ retry, reason });
  });

  it('names a foreign error as the camera source failing', () => {
    expect(judgeCameraError(new TypeError('fetch failed')).detail).toBe('the camera source failed: fetch failed');
  });
});
