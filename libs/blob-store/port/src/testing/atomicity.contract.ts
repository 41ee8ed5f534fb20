import { BlobStoreError, BlobTooLargeError } from '../lib/errors';
import type { ContractContext } from './context';
import { KiB, MiB, bytes, failingStream, gatedStream, sha256, split, streamOf } from './context';

export function atomicityContract({ store, open, id }: ContractContext): void {
  it('shows no blob while its put is in progress', async () => {
    const blobId = id('in-progress');
    const data = bytes(2 * MiB, 1);
    const gated = gatedStream(split(data, 512 * KiB), 3);
    const putting = store().put(blobId, gated.stream, { contentType: 'image/jpeg' });
    await gated.reached;
    const other = await open();
    for (const s of [store(), other]) {
      expect(await s.head(blobId)).toBeNull();
      expect(await s.get(blobId)).toBeNull();
    }
    gated.release();
    expect((await putting).created).toBe(true);
    expect((await other.getBuffer(blobId))?.data.equals(data)).toBe(true);
  });

  it('leaves nothing when the source fails half way, and takes the id afterwards', async () => {
    const blobId = id('half-way');
    const data = bytes(3 * MiB, 2);
    const put = store().put(blobId, failingStream(split(data, 256 * KiB), 6), { contentType: 'image/jpeg' });
    await expect(put).rejects.toBeInstanceOf(BlobStoreError);
    await expect(
      store().put(blobId, failingStream(split(data, 256 * KiB), 6), { contentType: 'image/jpeg' }),
    ).rejects.toThrow(`blob '${blobId}': reading the data failed: connection to the camera lost`);
    const other = await open();
    for (const s of [store(), other]) {
      expect(await s.head(blobId)).toBeNull();
      expect(await s.get(blobId)).toBeNull();
      expect(await s.delete(blobId)).toBe(false);
    }
    expect(await store().put(blobId, streamOf(split(data, 256 * KiB)), { contentType: 'image/jpeg' })).toEqual({
      id: blobId,
      size: data.length,
      sha256: sha256(data),
      created: true,
    });
    expect((await other.getBuffer(blobId))?.data.equals(data)).toBe(true);
  });

  it('leaves nothing when a held-open put fails after others read the id', async () => {
    const blobId = id('fails-late');
    const gated = gatedStream(split(bytes(2 * MiB, 3), 512 * KiB), 3);
    const putting = store().put(blobId, gated.stream, { contentType: 'image/jpeg' });
    await gated.reached;
    expect(await store().head(blobId)).toBeNull();
    gated.release(new Error('connection to the camera lost'));
    await expect(putting).rejects.toThrow(/connection to the camera lost/);
    expect(await store().head(blobId)).toBeNull();
    const data = bytes(KiB, 4);
    expect((await store().put(blobId, data, { contentType: 'image/jpeg' })).created).toBe(true);
  });

  it('refuses a blob over the size limit, storing nothing', async () => {
    const limited = await open({ maxBytes: MiB });
    const exact = id('exactly-the-limit');
    expect((await limited.put(exact, bytes(MiB, 5), { contentType: 'image/jpeg' })).size).toBe(MiB);

    const buffered = id('too-large-buffer');
    const refused = limited.put(buffered, bytes(MiB + 1, 6), { contentType: 'image/jpeg' });
    await expect(refused).rejects.toBeInstanceOf(BlobTooLargeError);
    await expect(limited.put(buffered, bytes(MiB + 1, 6), { contentType: 'image/jpeg' })).rejects.toThrow(
      `blob '${buffered}' is larger than the limit of ${MiB} bytes; nothing was stored`,
    );
    expect(await limited.head(buffered)).toBeNull();

    const streamed = id('too-large-stream');
    await expect(
      limited.put(streamed, streamOf(split(bytes(3 * MiB, 7), 64 * KiB)), { contentType: 'image/jpeg' }),
    ).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(await limited.head(streamed)).toBeNull();
    expect(await store().head(streamed)).toBeNull();
    // The limit is the instance's: the store without it takes the same bytes.
    expect((await store().put(streamed, bytes(3 * MiB, 7), { contentType: 'image/jpeg' })).created).toBe(true);
  });
}
