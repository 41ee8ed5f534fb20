import { SqliteReadStore } from '@regicam/read-store/sqlite';
import { CameraDirectory, InvalidCameraInput, posOptionActive } from './camera-directory';

describe('CameraDirectory', () => {
  let store: SqliteReadStore;
  let cameras: CameraDirectory;
  const now = '2026-11-28T00:00:00.000Z';
  const add = (over: Partial<Parameters<CameraDirectory['add']>[0]> = {}, id = 'cam-1') =>
    cameras.add(
      {
        ownerId: 'o-1',
        name: 'レジ上',
        model: 'CC-2L_SF',
        serial: `S-${id}`,
        posOption: { from: '2026-11-01' },
        ...over,
      },
      { id, now },
    );

  beforeEach(async () => {
    store = new SqliteReadStore(':memory:');
    cameras = await CameraDirectory.open(store);
  });
  afterEach(() => store.close());

  it('lists only the owner’s cameras, by name, with the POS option when asked', async () => {
    await add({ name: 'b-入口' }, 'cam-1');
    await add({ name: 'a-レジ', posOption: null }, 'cam-2');
    await add({ ownerId: 'o-2' }, 'cam-3');
    expect((await cameras.listByOwner('o-1')).map((c) => c.id)).toEqual(['cam-2', 'cam-1']);
    expect((await cameras.listByOwner('o-1', { withPosOption: true })).map((c) => c.id)).toEqual(['cam-1']);
  });

  it('refuses an empty name, a bad start date and a serial used twice, naming the field', async () => {
    await expect(add({ name: ' ' })).rejects.toMatchObject({ field: 'name' });
    await expect(add({ posOption: { from: '1 Dec' } })).rejects.toMatchObject({ field: 'posOption.from' });
    await add({}, 'cam-1');
    await expect(
      cameras.add({ ownerId: 'o-1', name: 'x', model: 'm', serial: 'S-cam-1', posOption: null }, { id: 'cam-9', now }),
    ).rejects.toBeInstanceOf(InvalidCameraInput);
  });

  it('gives the POS option later and raises the version', async () => {
    await add({ posOption: null });
    const changed = await cameras.setPosOption('cam-1', { from: '2026-12-01' }, now);
    expect(changed).toMatchObject({ version: 2, posOption: { from: '2026-12-01' } });
    expect(await cameras.snapshot('cam-1')).toEqual({
      cameraId: 'cam-1',
      ownerId: 'o-1',
      posOption: { from: '2026-12-01' },
    });
    expect(await cameras.snapshot('nope')).toBeNull();
  });

  it('counts the POS option from midnight Japan time', () => {
    const camera = { posOption: { from: '2026-12-01' } };
    expect(posOptionActive(camera, '2026-11-30T14:59:59Z')).toBe(false);
    expect(posOptionActive(camera, '2026-11-30T15:00:00Z')).toBe(true);
    expect(posOptionActive({ posOption: null }, now)).toBe(false);
  });
});
