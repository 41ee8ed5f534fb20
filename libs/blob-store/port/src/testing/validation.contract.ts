import { BlobStoreError } from '../lib/errors';
import type { PutOptions } from '../lib/blob-store';
import type { ContractContext } from './context';
import { bytes } from './context';

const INVALID_IDS: Array<[unknown, RegExp]> = [
  ['', /1 to 256 characters, this one has 0/],
  ['x'.repeat(257), /1 to 256 characters, this one has 257/],
  ['a b', /only A-Z a-z 0-9/],
  ['café', /only A-Z a-z 0-9/],
  ['a\\b', /only A-Z a-z 0-9/],
  ['a?b', /only A-Z a-z 0-9/],
  ['../etc/passwd', /may not contain '\.\.'/],
  ['frames/../x', /may not contain '\.\.'/],
  ['/abs', /may not start or end with '\/'/],
  ['dir/', /may not start or end with '\/'/],
  ['a//b', /contain '\/\/'/],
  [42, /an id is a string, got number/],
  [null, /an id is a string, got null/],
];

export function validationContract({ store, open, id }: ContractContext): void {
  it('refuses invalid ids on every call, naming the rule', async () => {
    for (const [bad, rule] of INVALID_IDS) {
      const badId = bad as string;
      await expect(store().put(badId, bytes(10), { contentType: 'image/jpeg' })).rejects.toThrow(rule);
      await expect(store().put(badId, bytes(10), { contentType: 'image/jpeg' })).rejects.toBeInstanceOf(BlobStoreError);
      await expect(store().get(badId)).rejects.toThrow(rule);
      await expect(store().getBuffer(badId)).rejects.toThrow(rule);
      await expect(store().head(badId)).rejects.toThrow(rule);
      await expect(store().delete(badId)).rejects.toThrow(rule);
    }
  });

  it('takes ids at the edges of the rules', async () => {
    const prefix = id('longest');
    const longest = `${prefix}/${'A'.repeat(256 - prefix.length - 1)}`;
    for (const good of [id('a.b_c:d/e-f'), id('.hidden'), longest, id('1/2/3/4'), id('-_:.')]) {
      expect((await store().put(good, bytes(10), { contentType: 'image/jpeg' })).id).toBe(good);
      expect((await store().head(good))?.id).toBe(good);
      await store().delete(good);
    }
  });

  it('refuses invalid put options, naming the option, and stores nothing', async () => {
    const blobId = id('options');
    const bad = (options: unknown) => store().put(blobId, bytes(10), options as PutOptions);
    await expect(bad(undefined)).rejects.toThrow(`blob '${blobId}': the put options must be an object`);
    await expect(bad({})).rejects.toThrow(/contentType must be a media type/);
    await expect(bad({ contentType: 'jpeg' })).rejects.toThrow(/contentType must be a media type/);
    await expect(bad({ contentType: 'image/jpeg\nx: y' })).rejects.toThrow(/contentType/);
    await expect(bad({ contentType: `image/${'x'.repeat(300)}` })).rejects.toThrow(/up to 255 characters/);
    await expect(bad({ contentType: 'image/jpeg', expiresAt: '2026-01-01' })).rejects.toThrow(
      /expiresAt must be a valid Date/,
    );
    await expect(bad({ contentType: 'image/jpeg', expiresAt: new Date('nope') })).rejects.toThrow(/invalid Date/);
    await expect(bad({ contentType: 'image/jpeg', metadata: { n: 1 } })).rejects.toThrow(
      /metadata 'n' must be a string/,
    );
    await expect(bad({ contentType: 'image/jpeg', metadata: { 'a.b': 'x' } })).rejects.toThrow(/metadata key "a.b"/);
    await expect(bad({ contentType: 'image/jpeg', metadata: { $set: 'x' } })).rejects.toThrow(/metadata key/);
    await expect(bad({ contentType: 'image/jpeg', metadata: ['x'] })).rejects.toThrow(/plain object of strings/);
    await expect(bad({ contentType: 'image/jpeg', metadata: { v: 'x'.repeat(1025) } })).rejects.toThrow(
      /up to 1024 characters/,
    );
    const many = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, 'v']));
    await expect(bad({ contentType: 'image/jpeg', metadata: many })).rejects.toThrow(/33 entries; at most 32/);
    await expect(store().put(blobId, 'text' as unknown as Buffer, { contentType: 'text/plain' })).rejects.toThrow(
      /must be a Buffer or a Readable stream/,
    );
    expect(await store().head(blobId)).toBeNull();
    expect(
      (await store().put(blobId, bytes(10), { contentType: 'image/jpeg; quality="high"', metadata: { a: 'b' } }))
        .created,
    ).toBe(true);
  });

  it('refuses an invalid now or limit for deleteExpired', async () => {
    await expect(store().deleteExpired(new Date('nope'))).rejects.toThrow(/now must be a valid Date/);
    await expect(store().deleteExpired('2026' as unknown as Date)).rejects.toThrow(/now must be a valid Date/);
    for (const limit of [0, -1, 1.5, Number.NaN]) {
      await expect(store().deleteExpired(new Date(), { limit })).rejects.toThrow(/limit must be a positive integer/);
    }
  });

  it('refuses every call once closed, and closes twice without error', async () => {
    const closing = await open();
    const blobId = id('closing');
    await closing.put(blobId, bytes(10), { contentType: 'image/jpeg' });
    await closing.close();
    await closing.close();
    await expect(closing.put(blobId, bytes(10), { contentType: 'image/jpeg' })).rejects.toThrow(/closed/);
    await expect(closing.get(blobId)).rejects.toThrow(/closed/);
    await expect(closing.getBuffer(blobId)).rejects.toThrow(/closed/);
    await expect(closing.head(blobId)).rejects.toThrow(/closed/);
    await expect(closing.delete(blobId)).rejects.toThrow(/closed/);
    await expect(closing.deleteExpired(new Date())).rejects.toThrow(/closed/);
    expect(await store().head(blobId)).not.toBeNull();
  });
}
