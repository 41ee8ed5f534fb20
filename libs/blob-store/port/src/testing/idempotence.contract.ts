import { BlobConflictError } from '../lib/errors';
import type { ContractContext } from './context';
import { KiB, bytes, gatedStream, sha256, split, streamOf } from './context';

export function idempotenceContract({ store, open, id }: ContractContext): void {
  it('takes the same bytes again as a no-op and keeps what was stored first', async () => {
    const blobId = id('again');
    const data = bytes(20 * KiB, 1);
    await store().put(blobId, data, { contentType: 'image/jpeg', metadata: { cameraId: 'cam-1' } });
    const first = await store().head(blobId);

    const again = await store().put(blobId, Buffer.from(data), { contentType: 'image/png', metadata: { x: 'y' } });
    expect(again).toEqual({ id: blobId, size: data.length, sha256: sha256(data), created: false });
    const streamed = await store().put(blobId, streamOf(split(data, 3 * KiB)), { contentType: 'image/jpeg' });
    expect(streamed.created).toBe(false);
    expect(await store().head(blobId)).toEqual(first);
  });

  it('refuses other bytes under a taken id, naming it, and keeps the stored blob', async () => {
    const blobId = id('taken');
    const data = bytes(20 * KiB, 2);
    await store().put(blobId, data, { contentType: 'image/jpeg' });
    const other = bytes(20 * KiB, 3);

    const refused = store().put(blobId, other, { contentType: 'image/jpeg' });
    await expect(refused).rejects.toBeInstanceOf(BlobConflictError);
    await expect(store().put(blobId, other, { contentType: 'image/jpeg' })).rejects.toThrow(
      `blob '${blobId}' exists with other bytes`,
    );
    // A prefix of the stored bytes is other bytes too.
    await expect(
      store().put(blobId, streamOf(split(data.subarray(0, 10 * KiB), KiB)), { contentType: 'image/jpeg' }),
    ).rejects.toBeInstanceOf(BlobConflictError);
    expect((await store().getBuffer(blobId))?.data.equals(data)).toBe(true);
  });

  it('ends concurrent puts of the same bytes with one blob, created once', async () => {
    const blobId = id('concurrent-same');
    const data = bytes(600 * KiB, 4);
    const second = await open();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? second : store()).put(blobId, i % 3 ? Buffer.from(data) : streamOf(split(data, 64 * KiB)), {
          contentType: 'image/jpeg',
        }),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.sha256))).toEqual(new Set([sha256(data)]));
    expect((await store().getBuffer(blobId))?.data.equals(data)).toBe(true);
  });

  it('ends concurrent puts of different bytes with one blob, refusing the others', async () => {
    const blobId = id('concurrent-different');
    const second = await open();
    const offers = Array.from({ length: 6 }, (_, i) => bytes(300 * KiB, 10 + i));
    const settled = await Promise.allSettled(
      offers.map((data, i) => (i % 2 ? second : store()).put(blobId, data, { contentType: 'image/jpeg' })),
    );
    const stored = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    expect(stored).toHaveLength(1);
    expect(stored[0].created).toBe(true);
    for (const s of settled) {
      if (s.status === 'rejected') expect(s.reason).toBeInstanceOf(BlobConflictError);
    }
    expect((await second.head(blobId))?.sha256).toBe(stored[0].sha256);
  });

  it('lets a put that started first but finishes last lose the race: same bytes are a no-op', async () => {
    const blobId = id('slow-same');
    const data = bytes(1536 * KiB, 20);
    const slow = gatedStream(split(data, 512 * KiB), 2);
    const slowPut = store().put(blobId, slow.stream, { contentType: 'image/jpeg' });
    await slow.reached;
    const second = await open();
    expect((await second.put(blobId, data, { contentType: 'image/jpeg' })).created).toBe(true);
    slow.release();
    expect(await slowPut).toEqual({ id: blobId, size: data.length, sha256: sha256(data), created: false });
    expect((await store().getBuffer(blobId))?.data.equals(data)).toBe(true);
  });

  it('lets a put that started first but finishes last lose the race: other bytes are refused', async () => {
    const blobId = id('slow-other');
    const slowData = bytes(1536 * KiB, 21);
    const fastData = bytes(100 * KiB, 22);
    const slow = gatedStream(split(slowData, 512 * KiB), 2);
    const slowPut = store().put(blobId, slow.stream, { contentType: 'image/jpeg' });
    await slow.reached;
    expect((await store().put(blobId, fastData, { contentType: 'image/jpeg' })).created).toBe(true);
    slow.release();
    await expect(slowPut).rejects.toBeInstanceOf(BlobConflictError);
    expect((await store().getBuffer(blobId))?.data.equals(fastData)).toBe(true);
  });
}
