export * from './lib/scene/layout';
export { type RegisterBand, BAND_CAMERA_MAX } from './lib/scene/band';
export { SceneRenderer, type SceneFrame } from './lib/scene/renderer';
export * from './lib/safie/faults';
export * from './lib/safie/simulated-camera';
export * from './lib/safie/camera-simulator';
export * from './lib/demo';
