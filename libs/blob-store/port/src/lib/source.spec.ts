import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { BlobConflictError, BlobStoreError, BlobTooLargeError } from './errors';
import { bufferBlob, consumeBlobSource, outcomeForExisting } from './source';

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const MiB = 1024 * 1024;

/** A sink that keeps what it was given, as an adapter writes it. */
function collector() {
  const written: Buffer[] = [];
  return { written, sink: async (piece: Buffer) => void written.push(Buffer.from(piece)) };
}

describe('consumeBlobSource', () => {
  it('hashes and counts a buffer, handing it over in slices of at most 1 MiB', async () => {
    const data = Buffer.alloc(2 * MiB + 5, 7);
    const { written, sink } = collector();
    expect(await consumeBlobSource('a', data, 3 * MiB, sink)).toEqual({ size: data.length, sha256: sha256(data) });
    expect(written.map((piece) => piece.length)).toEqual([MiB, MiB, 5]);
    expect(Buffer.concat(written).equals(data)).toBe(true);
  });

  it('hashes an empty source without writing', async () => {
    const { written, sink } = collector();
    expect(await consumeBlobSource('a', Buffer.alloc(0), 1, sink)).toEqual({
      size: 0,
      sha256: sha256(Buffer.alloc(0)),
    });
    expect(written).toEqual([]);
  });

  it('reads a stream in order and waits for each write before reading on', async () => {
    const pieces = [Buffer.from('ab'), Buffer.from('cd'), Buffer.from('e')];
    let writing = false;
    const order: string[] = [];
    const result = await consumeBlobSource('a', Readable.from(pieces), 10, async (piece) => {
      expect(writing).toBe(false);
      writing = true;
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push(piece.toString());
      writing = false;
    });
    expect(order).toEqual(['ab', 'cd', 'e']);
    expect(result).toEqual({ size: 5, sha256: sha256(Buffer.from('abcde')) });
  });

  it('refuses a buffer over the limit before writing anything', async () => {
    const { written, sink } = collector();
    await expect(consumeBlobSource('big', Buffer.alloc(11), 10, sink)).rejects.toThrow(
      new BlobTooLargeError('big', 10),
    );
    expect(written).toEqual([]);
  });

  it('refuses a stream as soon as it passes the limit, without writing the piece that passes it, and destroys it', async () => {
    const { written, sink } = collector();
    let pulled = 0;
    const stream = Readable.from(
      (function* () {
        for (;;) {
          pulled++;
          yield Buffer.alloc(4);
        }
      })(),
    );
    await expect(consumeBlobSource('big', stream, 10, sink)).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(written.map((piece) => piece.length)).toEqual([4, 4]);
    expect(stream.destroyed).toBe(true);
    expect(pulled).toBeLessThan(100);
  });

  it('names the id when the stream fails, keeping the cause', async () => {
    const cause = new Error('socket hang up');
    const stream = new Readable({ read: () => undefined });
    stream.push(Buffer.from('x'));
    setImmediate(() => stream.destroy(cause));
    const error = await consumeBlobSource('frames/a', stream, 10, async () => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlobStoreError);
    expect((error as Error).message).toBe(
      "blob 'frames/a': reading the data failed: socket hang up; nothing was stored",
    );
    expect((error as Error).cause).toBe(cause);
  });

  it('lets a failing write through as it is, and destroys the stream', async () => {
    const stream = Readable.from([Buffer.from('a'), Buffer.from('b')]);
    const disk = new Error('ENOSPC: no space left on device');
    await expect(
      consumeBlobSource('a', stream, 10, async () => {
        throw disk;
      }),
    ).rejects.toBe(disk);
    expect(stream.destroyed).toBe(true);
  });

  it('refuses a stream of strings or objects, and data that is neither buffer nor stream', async () => {
    await expect(consumeBlobSource('a', Readable.from(['text']), 10, async () => undefined)).rejects.toThrow(
      "blob 'a': the stream must yield bytes, got string",
    );
    await expect(consumeBlobSource('a', 'text' as unknown as Buffer, 10, async () => undefined)).rejects.toThrow(
      "blob 'a': the data must be a Buffer or a Readable stream",
    );
  });
});

describe('outcomeForExisting', () => {
  const stored = {
    id: 'a',
    contentType: 'image/jpeg',
    size: 3,
    sha256: sha256(Buffer.from('abc')),
    createdAt: new Date(0),
    expiresAt: null,
    metadata: {},
  };

  it('is a no-op for the same bytes', () => {
    expect(outcomeForExisting(stored, { size: 3, sha256: stored.sha256 })).toEqual({
      id: 'a',
      size: 3,
      sha256: stored.sha256,
      created: false,
    });
  });

  it('is a conflict naming the id and both digests for other bytes', () => {
    const offered = sha256(Buffer.from('abd'));
    expect(() => outcomeForExisting(stored, { size: 3, sha256: offered })).toThrow(BlobConflictError);
    expect(() => outcomeForExisting(stored, { size: 3, sha256: offered })).toThrow(
      `blob 'a' exists with other bytes (stored sha256 ${stored.sha256}, offered ${offered})`,
    );
  });
});

describe('bufferBlob', () => {
  it('reads the stream into data and keeps the information', async () => {
    const info = {
      id: 'a',
      contentType: 'text/plain',
      size: 2,
      sha256: 'x',
      createdAt: new Date(0),
      expiresAt: null,
      metadata: {},
    };
    expect(await bufferBlob({ ...info, stream: Readable.from([Buffer.from('h'), Buffer.from('i')]) })).toEqual({
      ...info,
      data: Buffer.from('hi'),
    });
    expect(await bufferBlob(null)).toBeNull();
  });
});
