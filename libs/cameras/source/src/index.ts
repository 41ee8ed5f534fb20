export * from './lib/camera-source';
export * from './lib/errors';
export * from './lib/lookups';
