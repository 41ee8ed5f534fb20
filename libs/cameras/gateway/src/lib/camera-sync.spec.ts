import { CameraDirectory } from '@regicam/cameras';
import { SafieCameraSource } from '@regicam/cameras/safie';
import { CameraSimulator, SIMULATED_POS_ITEM_ID } from '@regicam/cameras/simulator';
import { SqliteReadStore } from '@regicam/read-store/sqlite';
import { syncSafieCameras } from './camera-sync';

describe('syncSafieCameras, against the camera simulator over HTTP', () => {
  const sim = new CameraSimulator();
  const account = sim.addAccount({ apiKeys: ['sync-key'] });
  const pos = [SIMULATED_POS_ITEM_ID];
  const now = new Date('2026-12-01T16:00:00.000Z'); // 2026-12-02 in Japan
  let store: SqliteReadStore;
  let directory: CameraDirectory;
  let n = 0;
  const sync = (ownerId = 'owner-1') =>
    syncSafieCameras(
      directory,
      new SafieCameraSource({ baseUrl: sim.url, auth: { apiKey: 'sync-key' }, pageSize: 2 }),
      {
        ownerId,
        itemId: SIMULATED_POS_ITEM_ID,
        actor: 'cli:alice',
        now,
        newId: () => `cam-${++n}`,
      },
    );

  beforeAll(async () => {
    await sim.start();
    account.addCamera({ deviceId: 'dev-new', serial: 'SN-NEW', name: 'レジ上', itemIds: pos });
    account.addCamera({ deviceId: 'dev-unnamed', serial: 'SN-UNNAMED', name: null, itemIds: pos });
    account.addCamera({ deviceId: 'dev-known', serial: 'SN-KNOWN', itemIds: pos });
    account.addCamera({ deviceId: 'dev-theirs', serial: 'SN-THEIRS', itemIds: pos });
    account.addCamera({ deviceId: 'dev-no-pos', serial: 'SN-NO-POS' });
    store = new SqliteReadStore(':memory:');
    directory = await CameraDirectory.open(store);
    const at = { now: now.toISOString() };
    await directory.add(
      { ownerId: 'owner-1', name: 'known', model: 'm', serial: 'SN-KNOWN', posOption: null },
      { id: 'known', ...at },
    );
    await directory.add(
      { ownerId: 'owner-2', name: 'theirs', model: 'm', serial: 'SN-THEIRS', posOption: null },
      { id: 'theirs', ...at },
    );
  });
  afterAll(async () => {
    await store.close();
    await sim.stop();
  });

  it('adds the devices with the POS option as the owner’s cameras, attaches known serials, and skips other owners’', async () => {
    const results = await sync();
    expect(results.map((r) => [r.deviceId, r.outcome, r.cameraId])).toEqual([
      ['dev-new', 'added', 'cam-1'],
      ['dev-unnamed', 'added', 'cam-2'],
      ['dev-known', 'attached', 'known'],
      ['dev-theirs', 'skipped', null],
    ]);
    expect(await directory.get('cam-1')).toMatchObject({
      ownerId: 'owner-1',
      name: 'レジ上',
      model: 'CC-2L_SF',
      serial: 'SN-NEW',
      posOption: { from: '2026-12-02' },
      source: { kind: 'safie', deviceId: 'dev-new' },
      changes: [expect.objectContaining({ actor: 'cli:alice', field: 'source' })],
    });
    expect((await directory.get('cam-2'))?.name).toBe('SN-UNNAMED');
    expect(await directory.get('known')).toMatchObject({
      source: { kind: 'safie', deviceId: 'dev-known' },
      posOption: { from: '2026-12-02' },
    });
    expect((await directory.get('theirs'))?.source).toBeNull();
  });

  it('changes nothing when run again', async () => {
    const before = await directory.listByOwner('owner-1');
    const results = await sync();
    expect(results.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged', 'skipped']);
    expect(await directory.listByOwner('owner-1')).toEqual(before);
  });

  it('leaves another owner’s camera of a device alone', async () => {
    expect((await sync('owner-3')).map((r) => r.outcome)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
    expect(await directory.listByOwner('owner-3')).toEqual([]);
  });
});
