export * from './lib/camera';
export * from './lib/camera-directory';
export { INGEST_TOKEN_PREFIX } from './lib/ingest-token';
