import type { ContractContext } from './context';
import { bytes } from './context';

const at = (iso: string) => new Date(iso);
/** Later than every expiry these tests give. */
const END_OF_TESTS = at('2100-01-01T00:00:00.000Z');

export function expiryContract({ store, open, id }: ContractContext): void {
  // Every test starts with no expiring blob left by an earlier one.
  beforeEach(async () => {
    await store().deleteExpired(END_OF_TESTS);
  });

  it('deletes exactly the blobs whose expiry is at or before now', async () => {
    const early = id('early');
    const late = id('late');
    const forever = id('forever');
    await store().put(early, bytes(100, 1), { contentType: 'image/jpeg', expiresAt: at('2026-04-01T00:00:10.000Z') });
    await store().put(late, bytes(100, 2), { contentType: 'image/jpeg', expiresAt: at('2026-04-01T00:00:10.001Z') });
    await store().put(forever, bytes(100, 3), { contentType: 'image/jpeg' });

    expect(await store().deleteExpired(at('2026-04-01T00:00:09.999Z'))).toBe(0);
    expect(await store().head(early)).not.toBeNull();
    expect(await store().deleteExpired(at('2026-04-01T00:00:10.000Z'))).toBe(1);
    expect(await store().head(early)).toBeNull();
    expect(await store().head(late)).not.toBeNull();
    expect(await store().deleteExpired(at('2026-04-01T00:00:10.000Z'))).toBe(0);
    expect(await store().deleteExpired(END_OF_TESTS)).toBe(1);
    expect(await store().head(late)).toBeNull();
    expect(await store().head(forever)).not.toBeNull();
  });

  it('keeps an expired blob readable until deleteExpired runs', async () => {
    const blobId = id('expired-at-put');
    await store().put(blobId, bytes(100, 4), { contentType: 'image/jpeg', expiresAt: at('2000-01-01T00:00:00.000Z') });
    expect(await store().getBuffer(blobId)).toMatchObject({ expiresAt: at('2000-01-01T00:00:00.000Z') });
    expect(await store().deleteExpired(at('2000-01-01T00:00:00.000Z'))).toBe(1);
    expect(await store().head(blobId)).toBeNull();
  });

  it('deletes at most limit blobs a call, oldest expiry first', async () => {
    const ids = Array.from({ length: 5 }, (_, i) => id(`paged-${i}`));
    // Put in another order than their expiry.
    for (const i of [3, 0, 4, 1, 2]) {
      await store().put(ids[i], bytes(100, 10 + i), {
        contentType: 'image/jpeg',
        expiresAt: at(`2026-05-01T00:0${i}:00.000Z`),
      });
    }
    const now = at('2026-06-01T00:00:00.000Z');
    expect(await store().deleteExpired(now, { limit: 2 })).toBe(2);
    expect(await store().head(ids[0])).toBeNull();
    expect(await store().head(ids[1])).toBeNull();
    expect(await store().head(ids[2])).not.toBeNull();
    expect(await store().deleteExpired(now, { limit: 2 })).toBe(2);
    expect(await store().deleteExpired(now, { limit: 2 })).toBe(1);
    expect(await store().deleteExpired(now, { limit: 2 })).toBe(0);
    for (const blobId of ids) expect(await store().head(blobId)).toBeNull();
  });

  it('deletes more than a hundred expired blobs in one call', async () => {
    const ids = Array.from({ length: 120 }, (_, i) => id(`many-${i}`));
    const expiresAt = at('2026-07-01T00:00:00.000Z');
    for (let i = 0; i < ids.length; i += 40) {
      await Promise.all(
        ids
          .slice(i, i + 40)
          .map((blobId) => store().put(blobId, bytes(16, 1), { contentType: 'text/plain', expiresAt })),
      );
    }
    expect(await store().deleteExpired(expiresAt)).toBe(ids.length);
    expect(await store().head(ids[0])).toBeNull();
    expect(await store().head(ids[ids.length - 1])).toBeNull();
  });

  it('does not count a blob deleted by another instance, nor one deleted already', async () => {
    const gone = id('deleted-before-expiry');
    const kept = id('expires');
    const expiresAt = at('2026-08-01T00:00:00.000Z');
    await store().put(gone, bytes(100, 5), { contentType: 'image/jpeg', expiresAt });
    await store().put(kept, bytes(100, 6), { contentType: 'image/jpeg', expiresAt });
    const other = await open();
    expect(await other.delete(gone)).toBe(true);
    expect(await store().deleteExpired(expiresAt)).toBe(1);
    expect(await other.deleteExpired(expiresAt)).toBe(0);
  });

  it('does not delete a blob put again under an expired id with a later expiry', async () => {
    const blobId = id('renewed');
    await store().put(blobId, bytes(100, 7), { contentType: 'image/jpeg', expiresAt: at('2026-09-01T00:00:00.000Z') });
    await store().delete(blobId);
    await store().put(blobId, bytes(100, 8), { contentType: 'image/jpeg', expiresAt: at('2026-09-03T00:00:00.000Z') });
    expect(await store().deleteExpired(at('2026-09-02T00:00:00.000Z'))).toBe(0);
    expect(await store().head(blobId)).not.toBeNull();
    expect(await store().deleteExpired(at('2026-09-03T00:00:00.000Z'))).toBe(1);
  });
}
