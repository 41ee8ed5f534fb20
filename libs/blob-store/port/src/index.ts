export * from './lib/blob-store';
export * from './lib/errors';
export {
  type BlobStoreOptions,
  type CheckedPutOptions,
  DEFAULT_MAX_BLOB_BYTES,
  MAX_BLOB_ID_LENGTH,
  MAX_METADATA_ENTRIES,
  MAX_METADATA_VALUE_LENGTH,
  checkBlobId,
  checkDeleteExpired,
  checkMaxBytes,
  checkPutOptions,
  isValidDate,
  type ResolvedBlobStoreOptions,
  resolveBlobStoreOptions,
} from './lib/validation';
export { type Measured, bufferBlob, consumeBlobSource, outcomeForExisting, readToBuffer } from './lib/source';
