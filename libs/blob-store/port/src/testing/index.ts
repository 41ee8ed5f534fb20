export { blobStoreContract } from './blob-store.contract';
export {
  type BlobStoreHarness,
  type GatedStream,
  KiB,
  MiB,
  bytes,
  failingStream,
  gatedStream,
  readAll,
  sha256,
  split,
  streamOf,
} from './context';
