import { CameraDirectory } from '@regicam/cameras';
import { CameraSimulator, SimulatedCamera } from '@regicam/cameras/simulator';
import { SqliteReadStore } from '@regicam/read-store/sqlite';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cameraSourcesFromDirectory, loadSafieAccess, recordingSourceOf } from './camera-sources';

describe('recordingSourceOf', () => {
  it('reads a recording camera leniently, whatever else its document holds', () => {
    expect(recordingSourceOf({ id: 'c', source: { kind: 'safie', deviceId: 'dev-1', extra: 1 } })).toEqual({
      kind: 'safie',
      deviceId: 'dev-1',
    });
    expect(recordingSourceOf({ source: { kind: 'simulator', deviceId: 'sim-0001' } })?.kind).toBe('simulator');
  });

  it.each([
    ['no source', { id: 'c' }],
    ['a null source', { source: null }],
    ['a push camera', { source: { kind: 'push' } }],
    ['no device', { source: { kind: 'safie', deviceId: '' } }],
    ['no camera', null],
  ])('has none for %s', (_what, camera) => {
    expect(recordingSourceOf(camera)).toBeNull();
  });
});

describe('cameraSourcesFromDirectory', () => {
  const sim = new CameraSimulator();
  let camera: SimulatedCamera;
  let store: SqliteReadStore;
  let directory: CameraDirectory;

  beforeAll(async () => {
    camera = sim.addAccount({ apiKeys: ['key-1'] }).addCamera();
    await sim.start();
    store = new SqliteReadStore(join(mkdtempSync(join(tmpdir(), 'regicam-sources-')), 'read.sqlite'));
    directory = await CameraDirectory.open(store);
    const cameras = await store.collection<{ id: string; version: number; source: unknown }>('cameras');
    const now = '2026-12-01T00:00:00.000Z';
    for (const [id, source] of [
      ['recording', { kind: 'simulator', deviceId: camera.deviceId }],
      ['pushing', { kind: 'push' }],
    ] as const) {
      await directory.add(
        { ownerId: 'o', name: id, model: 'CC-2L_SF', serial: `S-${id}`, posOption: null },
        { id, now },
      );
      await cameras.upsert({ ...(await directory.get(id))!, version: 2, source });
    }
  });
  afterAll(async () => {
    await store.close();
    await sim.stop();
  });

  it('gives the Safie source and device of a recording camera; none for a push camera or an unknown one', async () => {
    const lookup = cameraSourcesFromDirectory(
      directory,
      loadSafieAccess({ SAFIE_API_URL: sim.url, SAFIE_API_KEY: 'key-1' }),
    );
    const found = await lookup('recording');
    expect(found?.deviceId).toBe(camera.deviceId);
    const picture = await found!.source.imageAt(camera.deviceId, new Date(Date.now() - 60_000));
    expect(picture.contentType).toBe('image/jpeg');
    expect(await lookup('pushing')).toBeNull();
    expect(await lookup('nobody')).toBeNull();
  });

  it('gives none without an API key', async () => {
    expect(loadSafieAccess({})).toEqual({ url: 'https://openapi.safie.link', apiKey: null });
    expect(await cameraSourcesFromDirectory(directory, loadSafieAccess({}))('recording')).toBeNull();
  });

  it('keeps an answer a few seconds, then reads the directory again', async () => {
    let clock = 0;
    let reads = 0;
    const counting = { get: (id: string) => (reads++, directory.get(id)) };
    const lookup = cameraSourcesFromDirectory(counting, { url: sim.url, apiKey: 'key-1' }, { now: () => clock });
    await lookup('recording');
    clock = 4_999;
    await lookup('recording');
    expect(reads).toBe(1);
    clock = 5_000;
    await lookup('recording');
    expect(reads).toBe(2);
  });
});
