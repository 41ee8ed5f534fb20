import { SqliteReadStore } from '@regicam/read-store/sqlite';
import { CameraChanged, CameraNotFound, InvalidCameraInput, japanDate, posOptionActive } from './camera';
import { CameraDirectory } from './camera-directory';

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

  describe('sources, clock offsets and their history', () => {
    const by = (actor: string, at = now) => ({ actor, now: at });

    it('starts with no source and no offset, also for documents written before they existed', async () => {
      await add();
      expect(await cameras.get('cam-1')).toMatchObject({
        source: null,
        clockOffsetMs: 0,
        ingestToken: null,
        changes: [],
      });
      const raw = await store.collection<{ id: string; version: number }>('cameras');
      await raw.upsert({
        id: 'old',
        version: 1,
        ownerId: 'o-1',
        name: 'old',
        model: 'm',
        serial: 'OLD',
        posOption: null,
      } as never);
      expect(await cameras.get('old')).toMatchObject({ source: null, clockOffsetMs: 0, changes: [] });
    });

    it('records each change with who made it and when, and raises the version once per change', async () => {
      await add();
      await cameras.setSource('cam-1', { kind: 'safie', deviceId: 'dev-1' }, by('cli:alice'));
      await cameras.setClockOffset('cam-1', 2_500, by('owner:o-1', '2026-11-28T01:00:00.000Z'));
      const c = await cameras.setClockOffset('cam-1', -700, by('owner:o-1', '2026-11-28T02:00:00.000Z'));
      expect(c).toMatchObject({ version: 4, source: { kind: 'safie', deviceId: 'dev-1' }, clockOffsetMs: -700 });
      expect(await cameras.changes('cam-1')).toEqual([
        {
          version: 2,
          at: now,
          actor: 'cli:alice',
          field: 'source',
          from: null,
          to: { kind: 'safie', deviceId: 'dev-1' },
        },
        { version: 3, at: '2026-11-28T01:00:00.000Z', actor: 'owner:o-1', field: 'clockOffsetMs', from: 0, to: 2500 },
        {
          version: 4,
          at: '2026-11-28T02:00:00.000Z',
          actor: 'owner:o-1',
          field: 'clockOffsetMs',
          from: 2500,
          to: -700,
        },
      ]);
    });

    it('records nothing when the value stays the same', async () => {
      await add();
      await cameras.setClockOffset('cam-1', 0, by('cli:alice'));
      await cameras.setSource('cam-1', null, by('cli:alice'));
      expect(await cameras.get('cam-1')).toMatchObject({ version: 1, changes: [] });
    });

    it('refuses an offset beyond 24 hours, a fraction of a millisecond, and a bad source, naming the field', async () => {
      await add();
      await expect(cameras.setClockOffset('cam-1', 86_400_001, by('x'))).rejects.toMatchObject({
        field: 'clockOffsetMs',
      });
      await expect(cameras.setClockOffset('cam-1', 1.5, by('x'))).rejects.toMatchObject({ field: 'clockOffsetMs' });
      expect(await cameras.setClockOffset('cam-1', -86_400_000, by('x'))).toMatchObject({ clockOffsetMs: -86_400_000 });
      await expect(cameras.setSource('cam-1', { kind: 'vhs' } as never, by('x'))).rejects.toMatchObject({
        field: 'source.kind',
      });
      await expect(cameras.setSource('cam-1', { kind: 'safie', deviceId: ' ' }, by('x'))).rejects.toMatchObject({
        field: 'source.deviceId',
      });
      await expect(cameras.setClockOffset('nope', 0, by('x'))).rejects.toBeInstanceOf(CameraNotFound);
    });

    it('writes over the version it read: a concurrent change loses with CameraChanged', async () => {
      await add();
      const [a, b] = await Promise.allSettled([
        cameras.setClockOffset('cam-1', 100, by('a')),
        cameras.setClockOffset('cam-1', 200, by('b')),
      ]);
      const outcomes = [a.status, b.status].sort();
      expect(outcomes).toEqual(['fulfilled', 'rejected']);
      const lost = [a, b].find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(lost.reason).toBeInstanceOf(CameraChanged);
      expect((await cameras.get('cam-1'))?.changes).toHaveLength(1);
    });

    it('finds a camera by its vendor device and lists the recording cameras with the POS option', async () => {
      await add({}, 'cam-1');
      await add({ posOption: null }, 'cam-2');
      await add({}, 'cam-3');
      await add({}, 'cam-4');
      await cameras.setSource('cam-1', { kind: 'simulator', deviceId: 'demo-counter-1' }, by('x'));
      await cameras.setSource('cam-2', { kind: 'safie', deviceId: 'd2' }, by('x'));
      await cameras.setSource('cam-3', { kind: 'push' }, by('x'));
      await cameras.setSource('cam-4', { kind: 'safie', deviceId: 'd4' }, by('x'));
      expect((await cameras.listRecording()).map((c) => c.id)).toEqual(['cam-1', 'cam-4']);
      expect((await cameras.findBySource({ kind: 'safie', deviceId: 'd2' }))?.id).toBe('cam-2');
      expect(await cameras.findBySource({ kind: 'simulator', deviceId: 'd2' })).toBeNull();
    });

    it('hides another owner’s camera exactly like a missing one', async () => {
      await add();
      expect((await cameras.getOfOwner('o-1', 'cam-1')).id).toBe('cam-1');
      await expect(cameras.getOfOwner('o-2', 'cam-1')).rejects.toBeInstanceOf(CameraNotFound);
      await expect(cameras.getOfOwner('o-2', 'nope')).rejects.toBeInstanceOf(CameraNotFound);
    });

    it('records a POS option change with its actor', async () => {
      await add({ posOption: null });
      await cameras.setPosOption('cam-1', { from: '2026-12-01' }, now, 'cli:alice');
      expect((await cameras.changes('cam-1'))[0]).toMatchObject({
        actor: 'cli:alice',
        field: 'posOption',
        from: null,
        to: { from: '2026-12-01' },
      });
    });

    it('adds a camera with a source, recorded as its first change', async () => {
      const c = await cameras.add(
        {
          ownerId: 'o-1',
          name: 'n',
          model: 'm',
          serial: 'S-9',
          posOption: null,
          source: { kind: 'safie', deviceId: 'd9' },
        },
        { id: 'cam-9', now, actor: 'cli:alice' },
      );
      expect(c.changes).toEqual([
        { version: 1, at: now, actor: 'cli:alice', field: 'source', from: null, to: { kind: 'safie', deviceId: 'd9' } },
      ]);
    });
  });

  describe('ingest tokens of push cameras', () => {
    const meta = { actor: 'cli:alice', now };

    it('are made for push cameras only, shown once, stored as a hash', async () => {
      await add();
      await expect(cameras.rotateIngestToken('cam-1', meta)).rejects.toMatchObject({ field: 'source' });
      await cameras.setSource('cam-1', { kind: 'push' }, meta);
      const { camera, token } = await cameras.rotateIngestToken('cam-1', meta);
      expect(token).toMatch(/^rcit_[A-Za-z0-9_-]{43}$/);
      expect(JSON.stringify(await cameras.get('cam-1'))).not.toContain(token);
      expect(camera.ingestToken).toMatchObject({
        createdBy: 'cli:alice',
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(await cameras.authenticatePush('cam-1', token)).toMatchObject({ id: 'cam-1' });
      expect(await cameras.authenticatePush('cam-1', `${token}x`)).toBeNull();
      expect(await cameras.authenticatePush('cam-2', token)).toBeNull();
    });

    it('rotating stops the old token at once; leaving push revokes it; the history names the token ids', async () => {
      await add();
      await cameras.setSource('cam-1', { kind: 'push' }, meta);
      const first = await cameras.rotateIngestToken('cam-1', meta);
      const second = await cameras.rotateIngestToken('cam-1', meta);
      expect(await cameras.authenticatePush('cam-1', first.token)).toBeNull();
      expect(await cameras.authenticatePush('cam-1', second.token)).not.toBeNull();
      await cameras.setSource('cam-1', { kind: 'safie', deviceId: 'd1' }, meta);
      expect(await cameras.authenticatePush('cam-1', second.token)).toBeNull();
      await cameras.setSource('cam-1', { kind: 'push' }, meta);
      expect(await cameras.authenticatePush('cam-1', second.token)).toBeNull();
      const ids = [first.camera.ingestToken?.tokenId, second.camera.ingestToken?.tokenId];
      expect((await cameras.changes('cam-1')).filter((c) => c.field === 'ingestToken')).toEqual([
        expect.objectContaining({ from: null, to: ids[0] }),
        expect.objectContaining({ from: ids[0], to: ids[1] }),
        expect.objectContaining({ from: ids[1], to: null }),
      ]);
    });
  });

  it('tells the date in Japan', () => {
    expect(japanDate(new Date('2026-11-30T14:59:59Z'))).toBe('2026-11-30');
    expect(japanDate(new Date('2026-11-30T15:00:00Z'))).toBe('2026-12-01');
  });
});
