import { ReadStoreError, UniqueIndexError } from '../lib/errors';
import type { CommitRequest, ReadDocument, ReadStore } from '../lib/read-store';
import type { ContractContext } from './context';

interface Link extends ReadDocument {
  terminalId: string;
  cameraId: string | null;
}
interface CameraCount extends ReadDocument {
  terminals: number;
}

const link = (id: string, version: number, cameraId: string | null): Link => ({
  id,
  version,
  terminalId: id,
  cameraId,
});
const count = (id: string, version: number, terminals: number): CameraCount => ({ id, version, terminals });

export function commitContract({ store, open, unique }: ContractContext): void {
  const setUp = async (on: ReadStore = store()) => {
    const names = { links: unique('links'), cameras: unique('cameras'), projection: unique('projection') };
    const links = await on.collection<Link>(names.links, {
      indexes: [{ fields: [['terminalId', 1]], unique: true }],
    });
    const cameras = await on.collection<CameraCount>(names.cameras);
    return { names, links, cameras };
  };

  it('has no checkpoint before the first commit', async () => {
    expect(await store().checkpoint(unique('never'))).toBeNull();
  });

  it('writes documents in order with the checkpoint they stand for', async () => {
    const { names, links, cameras } = await setUp();
    await links.upsert(link('t0', 1, 'cam-0'));
    await cameras.upsert(count('cam-9', 5, 1));
    const outcomes = await store().commit({
      writes: [
        { collection: names.links, op: 'upsert', doc: link('t1', 1, 'cam-1') },
        { collection: names.links, op: 'upsert', doc: link('t1', 2, 'cam-2') },
        { collection: names.cameras, op: 'upsert', doc: count('cam-2', 1, 1) },
        { collection: names.cameras, op: 'upsert', doc: count('cam-9', 4, 0) },
        { collection: names.links, op: 'delete', id: 't0' },
        { collection: names.links, op: 'delete', id: 'nobody' },
      ],
      checkpoint: { name: names.projection, position: '18446744073709551615' },
    });
    expect(outcomes).toEqual(['applied', 'applied', 'applied', 'stale', 'deleted', 'absent']);
    expect(await links.get('t1')).toEqual(link('t1', 2, 'cam-2'));
    expect(await links.get('t0')).toBeNull();
    expect(await cameras.get('cam-2')).toEqual(count('cam-2', 1, 1));
    expect(await cameras.get('cam-9')).toEqual(count('cam-9', 5, 1));
    expect(await store().checkpoint(names.projection)).toBe('18446744073709551615');
  });

  it('replays a commit harmlessly, and moves the checkpoint on later commits', async () => {
    const { names, links } = await setUp();
    const batch: CommitRequest = {
      writes: [
        { collection: names.links, op: 'upsert', doc: link('t1', 1, 'cam-1') },
        { collection: names.links, op: 'upsert', doc: link('t2', 1, 'cam-1') },
        { collection: names.links, op: 'delete', id: 't2', version: 2 },
      ],
      checkpoint: { name: names.projection, position: '10' },
    };
    expect(await store().commit(batch)).toEqual(['applied', 'applied', 'deleted']);
    // A crash before the checkpoint was saved makes the projection replay the batch: same end state.
    expect(await store().commit(batch)).toEqual(['stale', 'applied', 'deleted']);
    expect(await links.find()).toEqual({ items: [link('t1', 1, 'cam-1')], nextCursor: null });
    expect(await store().commit({ writes: [], checkpoint: { name: names.projection, position: '11' } })).toEqual([]);
    expect(await store().checkpoint(names.projection)).toBe('11');
  });

  it('keeps checkpoints of different projections apart', async () => {
    const [a, b] = [unique('projection'), unique('projection')];
    await store().commit({ writes: [], checkpoint: { name: a, position: 'a-1' } });
    await store().commit({ writes: [], checkpoint: { name: b, position: 'b-7' } });
    expect([await store().checkpoint(a), await store().checkpoint(b)]).toEqual(['a-1', 'b-7']);
  });

  it('checks the whole batch before writing any of it', async () => {
    const { names, links } = await setUp();
    const attempt = (writes: unknown[]) =>
      store().commit({
        writes: writes as CommitRequest['writes'],
        checkpoint: { name: names.projection, position: '1' },
      });
    const first = { collection: names.links, op: 'upsert', doc: link('t1', 1, 'cam-1') };
    await expect(attempt([first, { collection: 'notOpened', op: 'delete', id: 'x' }])).rejects.toThrow(
      /write 1 names collection "notOpened", which is not open on this store/,
    );
    await expect(attempt([first, { collection: names.links, op: 'upsert', doc: { id: 7 } }])).rejects.toThrow(
      /id must be a non-empty string/,
    );
    await expect(attempt([first, { collection: names.links, op: 'merge', id: 'x' }])).rejects.toThrow(
      /write 1 has unknown op "merge"/,
    );
    await expect(
      attempt([first, { collection: names.links, op: 'upsert', doc: link('t2', 1, null) }]),
    ).resolves.toEqual(['applied', 'applied']);
    await expect(store().commit({ writes: [], checkpoint: { name: '', position: '1' } })).rejects.toThrow(
      /invalid checkpoint name ""/,
    );
    await expect(store().commit({ writes: [], checkpoint: { name: 'p', position: 1 as never } })).rejects.toThrow(
      ReadStoreError,
    );
    expect(await links.count()).toBe(2);
  });

  it('does not move the checkpoint when a write fails', async () => {
    const { names, links } = await setUp();
    await links.upsert(link('t1', 1, 'cam-1'));
    const clash = { ...link('t9', 1, 'cam-1'), terminalId: 't1' };
    const failing = store().commit({
      writes: [{ collection: names.links, op: 'upsert', doc: clash }],
      checkpoint: { name: names.projection, position: '5' },
    });
    await expect(failing).rejects.toThrow(UniqueIndexError);
    expect(await store().checkpoint(names.projection)).toBeNull();
  });

  it('is all there for another store on the same storage', async () => {
    const { names } = await setUp();
    await store().commit({
      writes: [
        { collection: names.links, op: 'upsert', doc: link('t1', 3, 'cam-1') },
        { collection: names.cameras, op: 'upsert', doc: count('cam-1', 3, 1) },
      ],
      checkpoint: { name: names.projection, position: '42' },
    });
    const reopened = await open();
    expect(await reopened.checkpoint(names.projection)).toBe('42');
    const links = await reopened.collection<Link>(names.links);
    const cameras = await reopened.collection<CameraCount>(names.cameras);
    expect(await links.get('t1')).toEqual(link('t1', 3, 'cam-1'));
    expect(await cameras.count({ terminals: 1 })).toBe(1);
    expect(await links.upsert(link('t1', 2, 'cam-0'))).toBe('stale');
  });
}
