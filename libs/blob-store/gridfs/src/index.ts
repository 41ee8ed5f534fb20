export {
  BLOB_ID_INDEX,
  type BlobFile,
  EXPIRY_INDEX,
  GridFsBlobStore,
  type GridFsBlobStoreOptions,
} from './lib/gridfs-blob-store';
