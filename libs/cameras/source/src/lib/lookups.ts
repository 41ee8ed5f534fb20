import type { CameraSource } from './camera-source';

/**
 * How a stream role reaches a camera's recording without knowing the
 * camera directory: the source of the camera's account and the device id
 * to ask it for; null when the camera has no recording source (a push
 * camera, no source, an unknown camera, or a source this process cannot
 * reach). Built by the composition (`CAMERA_SOURCES` in the runtime).
 */
export type CameraSourceLookup = (cameraId: string) => Promise<{ source: CameraSource; deviceId: string } | null>;

/** What the join needs to know of a camera: null for an unknown camera. */
export type CameraInfo = {
  /** How far the camera's clock runs ahead of true time, in ms: picture time = POS time + this. */
  clockOffsetMs: number;
  /** Whether its pictures are fetched from its recording (Safie, the simulator) rather than pushed. */
  recording: boolean;
};

/** Built by the composition (`CAMERA_INFO` in the runtime), cached a few seconds. */
export type CameraInfoLookup = (cameraId: string) => Promise<CameraInfo | null>;
