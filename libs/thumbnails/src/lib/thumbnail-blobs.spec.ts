import { checkBlobId, type BlobStore } from '@regicam/blob-store';
import { FolderBlobStore } from '@regicam/blob-store/folder';
import { SIMULATED_REGISTER_REGIONS, SceneRenderer } from '@regicam/cameras/simulator';
import { decodeRegisterBand } from '@regicam/cameras/simulator/testing';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeThumbnails, oneXFrom2x } from './picture/make-thumbnails';
import { storeThumbnails, thumbnailBlobIds } from './thumbnail-blobs';

const renderer = new SceneRenderer();
const SECOND = 1_800_000_000;
const KEY = 'smaregi:demo:25';
const thumbnailsAt = async (second: number) =>
  makeThumbnails(
    await renderer.jpeg({ camera: 3, cameraTimeMs: second * 1000, sceneSecond: second }),
    SIMULATED_REGISTER_REGIONS[0],
  );
const facts = (second: number) => ({
  transactionKey: KEY,
  cameraId: 'camera-3',
  frameAt: new Date(second * 1000).toISOString(),
  expiresAt: new Date('2028-01-01T00:00:00.000Z'),
});

describe('thumbnailBlobIds', () => {
  it('names the thumbnails by the transaction key', () => {
    expect(thumbnailBlobIds('ubiregi:c-1:9.5_x')).toEqual({
      '1x': 'thumbnails/ubiregi:c-1:9.5_x/1x.jpg',
      '2x': 'thumbnails/ubiregi:c-1:9.5_x/2x.jpg',
    });
  });

  it.each([
    ['a slash', 'smaregi:demo:a/b'],
    ['other characters', 'smaregi:demo:レシート'],
    ['..', 'smaregi:demo:..'],
    ['a key too long', `smaregi:demo:${'9'.repeat(240)}`],
  ])('names a key the blob ids cannot hold (%s) by its SHA-256, a valid id', (_what, key) => {
    const ids = thumbnailBlobIds(key);
    expect(ids['1x']).toMatch(/^thumbnails\/sha256-[0-9a-f]{64}\/1x\.jpg$/);
    expect(checkBlobId(ids['2x'])).toBe(ids['2x']);
    expect(thumbnailBlobIds(`${key}0`)['1x']).not.toBe(ids['1x']);
  });
});

describe('storeThumbnails', () => {
  let store: BlobStore;
  beforeEach(async () => {
    store = await FolderBlobStore.open(mkdtempSync(join(tmpdir(), 'regicam-thumb-blobs-')));
  });
  afterEach(() => store.close());

  it('stores both sizes as image/jpeg expiring after the retention, and describes the 1x', async () => {
    const made = await thumbnailsAt(SECOND);
    const stored = await storeThumbnails(store, made, facts(SECOND), oneXFrom2x);
    expect(stored).toEqual({
      blobIds: thumbnailBlobIds(KEY),
      width: 160,
      height: 180,
      frameAt: facts(SECOND).frameAt,
      createdAt: expect.any(Date),
    });
    const info = await store.head(stored.blobIds['2x']);
    expect(info).toMatchObject({
      contentType: 'image/jpeg',
      expiresAt: facts(SECOND).expiresAt,
      metadata: { transactionKey: KEY, cameraId: 'camera-3', frameAt: facts(SECOND).frameAt, width: '320' },
    });
  });

  it('is a no-op with the same bytes: the same blobs and the same description', async () => {
    const made = await thumbnailsAt(SECOND);
    const first = await storeThumbnails(store, made, facts(SECOND), oneXFrom2x);
    const again = await storeThumbnails(store, await thumbnailsAt(SECOND), facts(SECOND), oneXFrom2x);
    expect(again).toEqual(first);
  });

  it('keeps the thumbnail stored first when a later one differs (evidence is never replaced)', async () => {
    const first = await storeThumbnails(store, await thumbnailsAt(SECOND), facts(SECOND), oneXFrom2x);
    const later = await storeThumbnails(store, await thumbnailsAt(SECOND + 5), facts(SECOND + 5), oneXFrom2x);
    expect(later).toEqual(first);
    const shown = await decodeRegisterBand((await store.getBuffer(first.blobIds['1x']))!.data);
    expect(shown.epochSecond).toBe(SECOND);
  });

  it('makes the 1x from the stored 2x when only the 2x was stored before (a put cut off between the two)', async () => {
    const earlier = await thumbnailsAt(SECOND);
    const ids = thumbnailBlobIds(KEY);
    await store.put(ids['2x'], earlier['2x'].data, {
      contentType: 'image/jpeg',
      metadata: { frameAt: facts(SECOND).frameAt },
    });
    const stored = await storeThumbnails(store, await thumbnailsAt(SECOND + 5), facts(SECOND + 5), oneXFrom2x);
    expect(stored.frameAt).toBe(facts(SECOND).frameAt);
    const oneX = (await store.getBuffer(ids['1x']))!.data;
    expect(await decodeRegisterBand(oneX)).toEqual({ camera: 3, register: 1, epochSecond: SECOND });
  });
});
