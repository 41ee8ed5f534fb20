export { FolderBlobStore, type FolderBlobStoreOptions } from './lib/folder-blob-store';
