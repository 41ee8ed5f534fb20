export * from './lib/link-table';
export * from './lib/link-join';
export * from './lib/camera-join';
export * from './lib/commit-point';
export * from './lib/join-settings';
