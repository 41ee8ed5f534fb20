import { Readable } from 'node:stream';
import type { ContractContext } from './context';
import { KiB, MiB, bytes, present, readAll, sha256, split, streamOf } from './context';

export function readWriteContract({ store, open, id }: ContractContext): void {
  it('stores bytes and metadata and returns them as they were given', async () => {
    const blobId = id('frames/cam-1/2026-04-01T09:00:00.000Z.jpg');
    const data = bytes(50 * KiB, 1);
    const expiresAt = new Date('2026-04-04T09:00:00.000Z');
    const before = Date.now();
    const result = await store().put(blobId, data, {
      contentType: 'image/jpeg',
      expiresAt,
      metadata: { cameraId: 'cam-1', capturedAt: '2026-04-01T09:00:00.000Z', note: 'レジ上' },
    });
    const after = Date.now();
    expect(result).toEqual({ id: blobId, size: data.length, sha256: sha256(data), created: true });

    const info = present(await store().head(blobId), 'the blob');
    expect(info).toEqual({
      id: blobId,
      contentType: 'image/jpeg',
      size: data.length,
      sha256: sha256(data),
      createdAt: expect.any(Date),
      expiresAt,
      metadata: { cameraId: 'cam-1', capturedAt: '2026-04-01T09:00:00.000Z', note: 'レジ上' },
    });
    // Clocks of one machine; a second of slack for rounding by the store.
    expect(info.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(info.createdAt.getTime()).toBeLessThanOrEqual(after + 1000);

    const { stream, ...rest } = present(await store().get(blobId), 'the blob');
    expect(rest).toEqual(info);
    expect((await readAll(stream)).data.equals(data)).toBe(true);

    const buffered = await store().getBuffer(blobId);
    expect(buffered?.data.equals(data)).toBe(true);
    expect(buffered).toMatchObject({ id: blobId, sha256: sha256(data), size: data.length });
  });

  it('answers null for an id that holds no blob', async () => {
    const blobId = id('missing');
    expect(await store().get(blobId)).toBeNull();
    expect(await store().head(blobId)).toBeNull();
    expect(await store().getBuffer(blobId)).toBeNull();
  });

  it('stores an empty blob, and a blob without expiry or metadata', async () => {
    const blobId = id('empty');
    expect(await store().put(blobId, Buffer.alloc(0), { contentType: 'application/octet-stream' })).toEqual({
      id: blobId,
      size: 0,
      sha256: sha256(Buffer.alloc(0)),
      created: true,
    });
    const info = await store().head(blobId);
    expect(info).toMatchObject({ size: 0, expiresAt: null, metadata: {} });
    expect((await store().getBuffer(blobId))?.data.length).toBe(0);
  });

  it('is seen by another store instance on the same storage', async () => {
    const blobId = id('shared');
    const data = bytes(10 * KiB, 2);
    await store().put(blobId, data, { contentType: 'image/png' });
    const other = await open();
    expect((await other.getBuffer(blobId))?.data.equals(data)).toBe(true);
    expect(await other.delete(blobId)).toBe(true);
    expect(await store().head(blobId)).toBeNull();
  });

  it('takes a stream of several MiB and streams it back in pieces', async () => {
    const blobId = id('recording.mp4');
    const data = bytes(6 * MiB + 123, 3);
    const result = await store().put(blobId, streamOf(split(data, 100 * KiB)), { contentType: 'video/mp4' });
    expect(result).toEqual({ id: blobId, size: data.length, sha256: sha256(data), created: true });

    const read = await readAll(present(await store().get(blobId), 'the blob').stream);
    expect(read.data.length).toBe(data.length);
    expect(read.data.equals(data)).toBe(true);
    // Streamed, not read into one buffer first.
    expect(read.pieces).toBeGreaterThan(1);
  });

  it('takes a Buffer that is a view into a larger one, and a Uint8Array', async () => {
    const whole = bytes(4 * KiB, 4);
    const view = whole.subarray(1000, 3000);
    const viewId = id('view');
    expect((await store().put(viewId, view, { contentType: 'image/jpeg' })).sha256).toBe(sha256(view));
    expect((await store().getBuffer(viewId))?.data.equals(view)).toBe(true);

    const arrayId = id('uint8array');
    const array = new Uint8Array(whole.buffer, whole.byteOffset, 500);
    expect((await store().put(arrayId, array, { contentType: 'image/jpeg' })).size).toBe(500);
    expect((await store().getBuffer(arrayId))?.data.equals(Buffer.from(array))).toBe(true);
  });

  it('lets a reader finish a blob deleted while it reads, or fail, but never mix in other bytes', async () => {
    const blobId = id('read-while-deleted');
    const data = bytes(2 * MiB, 5);
    await store().put(blobId, data, { contentType: 'image/jpeg' });
    const blob = present(await store().get(blobId), 'the blob');
    expect(await store().delete(blobId)).toBe(true);
    await store().put(blobId, bytes(2 * MiB, 6), { contentType: 'image/jpeg' });
    const read = await readAll(blob.stream).then(
      (r) => r.data,
      () => null,
    );
    if (read !== null) expect(read.equals(data)).toBe(true);
  });

  it('deletes, and says when there was nothing to delete', async () => {
    const blobId = id('to-delete');
    await store().put(blobId, bytes(KiB, 7), { contentType: 'image/jpeg' });
    expect(await store().delete(blobId)).toBe(true);
    expect(await store().head(blobId)).toBeNull();
    expect(await store().get(blobId)).toBeNull();
    expect(await store().delete(blobId)).toBe(false);
  });

  it('takes the id again after a delete, with other bytes', async () => {
    const blobId = id('reused');
    await store().put(blobId, bytes(KiB, 8), { contentType: 'image/jpeg' });
    await store().delete(blobId);
    const again = bytes(2 * KiB, 9);
    expect((await store().put(blobId, again, { contentType: 'image/png' })).created).toBe(true);
    expect(await store().head(blobId)).toMatchObject({ contentType: 'image/png', sha256: sha256(again) });
  });

  it('keeps ids apart that differ only in case or punctuation', async () => {
    const names = ['Case', 'case', 'a-b', 'a_b', 'a.b', 'a:b', 'a/b'].map((name) => id(`apart/${name}`));
    await Promise.all(names.map((name, i) => store().put(name, bytes(100, 20 + i), { contentType: 'text/plain' })));
    for (const [i, name] of names.entries()) {
      expect((await store().head(name))?.sha256).toBe(sha256(bytes(100, 20 + i)));
    }
  });

  it('consumes a source that is an ordinary Readable of buffers', async () => {
    const blobId = id('readable');
    const data = bytes(300 * KiB, 10);
    const result = await store().put(blobId, Readable.from(split(data, 7 * KiB)), { contentType: 'image/jpeg' });
    expect(result.sha256).toBe(sha256(data));
  });
}
