export * from './lib/camera-source';
export * from './lib/errors';
