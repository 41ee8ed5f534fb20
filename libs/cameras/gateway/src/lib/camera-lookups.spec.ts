import { CameraDirectory } from '@regicam/cameras';
import type { CameraSource } from '@regicam/cameras/source';
import { SafieCameraSource } from '@regicam/cameras/safie';
import { SqliteReadStore } from '@regicam/read-store/sqlite';
import { cached, cameraLookups } from './camera-lookups';

describe('cached', () => {
  it('reuses an answer for its lifetime, null included, and shares a load in flight', async () => {
    let now = 0;
    const loads: string[] = [];
    const lookup = cached(
      async (key: string) => {
        loads.push(key);
        return key === 'none' ? null : `${key}@${now}`;
      },
      { ttlMs: 1000, now: () => now },
    );
    expect(await Promise.all([lookup('a'), lookup('a')])).toEqual(['a@0', 'a@0']);
    expect(await lookup('none')).toBeNull();
    expect(await lookup('none')).toBeNull();
    now = 999;
    expect(await lookup('a')).toBe('a@0');
    now = 1000;
    expect(await lookup('a')).toBe('a@1000');
    expect(loads).toEqual(['a', 'none', 'a']);
  });

  it('does not keep a failed load, and forgets the oldest answers beyond its size', async () => {
    let fail = true;
    const loads: string[] = [];
    const lookup = cached(
      async (key: string) => {
        loads.push(key);
        if (fail) throw new Error('store down');
        return key;
      },
      { maxEntries: 2 },
    );
    await expect(lookup('a')).rejects.toThrow('store down');
    fail = false;
    expect(await lookup('a')).toBe('a');
    await lookup('b');
    await lookup('c');
    await lookup('a');
    expect(loads).toEqual(['a', 'a', 'b', 'c', 'a']);
  });
});

describe('cameraLookups on the camera directory', () => {
  const store = new SqliteReadStore(':memory:');
  const meta = { actor: 'cli:test', now: '2026-12-01T00:00:00.000Z' };
  const safie = new SafieCameraSource({ baseUrl: 'http://127.0.0.1:9', auth: { apiKey: 'k' } });
  const sourceOf = (ref: { kind: string }): CameraSource | null => (ref.kind === 'safie' ? safie : null);
  let directory: CameraDirectory;

  beforeAll(async () => {
    directory = await CameraDirectory.open(store);
    const add = (id: string) =>
      directory.add(
        { ownerId: 'o', name: id, model: 'm', serial: id, posOption: { from: '2019-01-01' } },
        { id, now: meta.now },
      );
    await add('safie');
    await add('sim');
    await add('push');
    await directory.setSource('safie', { kind: 'safie', deviceId: 'dev-1' }, meta);
    await directory.setClockOffset('safie', 2_500, meta);
    await directory.setSource('sim', { kind: 'simulator', deviceId: 'demo-counter-1' }, meta);
    await directory.setSource('push', { kind: 'push' }, meta);
  });
  afterAll(() => store.close());

  it('gives the thumbnailer the source and device of recording cameras only', async () => {
    const { cameraSource } = cameraLookups(directory, sourceOf);
    expect(await cameraSource('safie')).toEqual({ source: safie, deviceId: 'dev-1' });
    expect(await cameraSource('sim')).toBeNull();
    expect(await cameraSource('push')).toBeNull();
    expect(await cameraSource('nope')).toBeNull();
  });

  it('gives the join the clock offset and whether the camera records, and sees a change after its lifetime', async () => {
    let now = 0;
    const { cameraInfo } = cameraLookups(directory, sourceOf, { ttlMs: 5000, now: () => now });
    expect(await cameraInfo('safie')).toEqual({ clockOffsetMs: 2500, recording: true });
    expect(await cameraInfo('sim')).toEqual({ clockOffsetMs: 0, recording: true });
    expect(await cameraInfo('push')).toEqual({ clockOffsetMs: 0, recording: false });
    expect(await cameraInfo('nope')).toBeNull();
    await directory.setClockOffset('safie', -700, meta);
    expect(await cameraInfo('safie')).toEqual({ clockOffsetMs: 2500, recording: true });
    now = 5000;
    expect(await cameraInfo('safie')).toEqual({ clockOffsetMs: -700, recording: true });
  });
});
