export * from './lib/camera-directory';
