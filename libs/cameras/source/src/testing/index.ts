export { cameraSourceContract } from './camera-source.contract';
export type { CameraSourceHarness, CameraWorld } from './context';
