/** A bad input or a refused write; the message names the blob id and what is wrong. */
export class BlobStoreError extends Error {
  override readonly name: string = 'BlobStoreError';
}

/** The id holds other bytes: a blob is never replaced (HTTP 409). */
export class BlobConflictError extends BlobStoreError {
  override readonly name = 'BlobConflictError';

  constructor(
    readonly id: string,
    /** SHA-256 of the stored bytes. */
    readonly storedSha256: string,
    /** SHA-256 of the refused bytes. */
    readonly offeredSha256: string,
  ) {
    super(
      `blob '${id}' exists with other bytes (stored sha256 ${storedSha256}, offered ${offeredSha256}); ` +
        'a blob is never replaced: delete it first or use another id',
    );
  }
}

/** The bytes of a put exceed the store's limit; nothing was stored (HTTP 413). */
export class BlobTooLargeError extends BlobStoreError {
  override readonly name = 'BlobTooLargeError';

  constructor(
    readonly id: string,
    readonly maxBytes: number,
  ) {
    super(`blob '${id}' is larger than the limit of ${maxBytes} bytes; nothing was stored`);
  }
}
