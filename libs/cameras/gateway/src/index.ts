export * from './lib/camera-config';
export * from './lib/camera-lookups';
export * from './lib/announcements';
export * from './lib/camera-gateway';
export * from './lib/gateway-targets';
export * from './lib/camera-gateway-role';
export * from './lib/frame-intake';
export * from './lib/camera-sync';
