import { BlobStoreError } from './errors';
import {
  DEFAULT_MAX_BLOB_BYTES,
  checkBlobId,
  checkDeleteExpired,
  checkMaxBytes,
  checkPutOptions,
  resolveBlobStoreOptions,
} from './validation';

describe('checkBlobId', () => {
  it.each([
    'frames/cam-1/2026-04-01T09:00:00.000Z.jpg',
    'thumbnails/smaregi:123:4:5678.webp',
    'a',
    '.a',
    'a.b',
    'x'.repeat(256),
  ])('takes %s', (id) => {
    expect(checkBlobId(id)).toBe(id);
  });

  it.each([
    ['', 'an id has 1 to 256 characters, this one has 0'],
    ['x'.repeat(257), 'an id has 1 to 256 characters, this one has 257'],
    ['a b', "an id may hold only A-Z a-z 0-9 and '.', '_', ':', '/', '-'"],
    ['ａ', 'an id may hold only'],
    ['a\u0000b', 'an id may hold only'],
    ['..', "an id may not contain '..'"],
    ['a/../b', "an id may not contain '..'"],
    ['a..b', "an id may not contain '..'"],
    ['/a', "an id may not start or end with '/' or contain '//'"],
    ['a/', "an id may not start or end with '/' or contain '//'"],
    ['a//b', "an id may not start or end with '/' or contain '//'"],
  ])('refuses %j, naming the rule', (id, rule) => {
    expect(() => checkBlobId(id)).toThrow(BlobStoreError);
    expect(() => checkBlobId(id)).toThrow(`invalid blob id ${JSON.stringify(id)}: ${rule}`);
  });

  it('refuses what is not a string', () => {
    expect(() => checkBlobId(undefined)).toThrow('invalid blob id undefined: an id is a string, got undefined');
    expect(() => checkBlobId({})).toThrow('got object');
  });
});

describe('checkPutOptions', () => {
  it('fills in what is optional', () => {
    expect(checkPutOptions('a', { contentType: 'image/jpeg' })).toEqual({
      contentType: 'image/jpeg',
      expiresAt: null,
      metadata: {},
    });
  });

  it('copies the metadata, so that a later change by the caller is not stored', () => {
    const metadata: Record<string, string> = { cameraId: 'cam-1' };
    const checked = checkPutOptions('a', { contentType: 'image/jpeg', metadata });
    metadata['cameraId'] = 'changed';
    expect(checked.metadata).toEqual({ cameraId: 'cam-1' });
  });

  it.each(['image/jpeg', 'application/vnd.api+json', 'text/plain; charset=utf-8', 'multipart/mixed; boundary="a b"'])(
    'takes the media type %s',
    (contentType) => {
      expect(checkPutOptions('a', { contentType }).contentType).toBe(contentType);
    },
  );

  it.each(['', 'jpeg', 'image/', '/jpeg', 'image/jpeg;', 'image/jpeg\r\nx-evil: 1', 'image /jpeg'])(
    'refuses the media type %j',
    (contentType) => {
      expect(() => checkPutOptions('a', { contentType })).toThrow("blob 'a': contentType must be a media type");
    },
  );

  it('takes an expiry from 1970 to 9999 and refuses one outside', () => {
    const put = (expiresAt: Date) => () => checkPutOptions('a', { contentType: 'image/jpeg', expiresAt });
    expect(put(new Date(0))).not.toThrow();
    expect(put(new Date('9999-12-31T23:59:59.999Z'))).not.toThrow();
    expect(put(new Date(-1))).toThrow(
      "blob 'a': expiresAt must be a valid Date from 1970 to 9999, got 1969-12-31T23:59:59.999Z",
    );
    expect(put(new Date('+010000-01-01T00:00:00.000Z'))).toThrow('from 1970 to 9999');
  });

  it('refuses metadata that is not a small record of strings', () => {
    const put = (metadata: unknown) => () => checkPutOptions('a', { contentType: 'image/jpeg', metadata });
    expect(put(null)).toThrow('metadata must be a plain object of strings, got null');
    expect(put(new Map())).toThrow('got an object');
    expect(put({ '': 'x' })).toThrow('metadata key ""');
    expect(put({ '1a': 'x' })).toThrow('metadata key "1a"');
    expect(put({ a: null })).toThrow("metadata 'a' must be a string of up to 1024 characters, got null");
    expect(put({ a: 'x'.repeat(1024) })).not.toThrow();
  });
});

describe('checkDeleteExpired', () => {
  it('is unlimited without a limit, and takes a positive integer', () => {
    expect(checkDeleteExpired(new Date(), undefined)).toBe(Number.POSITIVE_INFINITY);
    expect(checkDeleteExpired(new Date(), {})).toBe(Number.POSITIVE_INFINITY);
    expect(checkDeleteExpired(new Date(), { limit: 7 })).toBe(7);
  });

  it('refuses a bad now or limit', () => {
    expect(() => checkDeleteExpired(Date.now(), undefined)).toThrow('deleteExpired: now must be a valid Date, got');
    expect(() => checkDeleteExpired(new Date(), { limit: 0 })).toThrow('limit must be a positive integer, got 0');
    expect(() => checkDeleteExpired(new Date(), { limit: 2.5 })).toThrow('got 2.5');
  });
});

describe('checkMaxBytes', () => {
  it('defaults to 32 MiB and refuses what is not a positive integer', () => {
    expect(checkMaxBytes(undefined)).toBe(DEFAULT_MAX_BLOB_BYTES);
    expect(DEFAULT_MAX_BLOB_BYTES).toBe(32 * 1024 * 1024);
    expect(checkMaxBytes(1)).toBe(1);
    expect(() => checkMaxBytes(0)).toThrow('maxBytes must be a positive integer of bytes, got 0');
    expect(() => checkMaxBytes(1.5)).toThrow('got 1.5');
  });
});

describe('resolveBlobStoreOptions', () => {
  it('fills in the defaults and keeps what is given', () => {
    const resolved = resolveBlobStoreOptions({});
    expect(resolved).toMatchObject({ maxBytes: DEFAULT_MAX_BLOB_BYTES, abandonedAfterMs: 3_600_000 });
    expect(resolved.now()).toBeInstanceOf(Date);
    const now = () => new Date(0);
    expect(resolveBlobStoreOptions({ maxBytes: 5, now, abandonedAfterMs: 10 })).toEqual({
      maxBytes: 5,
      now,
      abandonedAfterMs: 10,
    });
  });

  it('refuses a bad limit or age', () => {
    expect(() => resolveBlobStoreOptions({ maxBytes: -1 })).toThrow('maxBytes must be a positive integer');
    expect(() => resolveBlobStoreOptions({ abandonedAfterMs: 0 })).toThrow(
      'abandonedAfterMs must be a positive integer, got 0',
    );
  });
});
