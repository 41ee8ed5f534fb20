import { cameraSourceContract, type CameraWorld } from '@regicam/cameras/source/testing';
import { CameraSimulator } from '@regicam/cameras/simulator';
import { decodeFrameBands } from '@regicam/cameras/simulator/testing';
import { SafieCameraSource } from './safie-camera-source';

const API_KEY = 'safie-key-7f3a9c2e1b';
const WRONG_KEY = 'safie-key-revoked-51d0';
/** Each attempt waits this long; a slow simulator answers later than that. */
const TIMEOUT_MS = 1_500;

cameraSourceContract('Safie API v2 (simulator over HTTP)', async () => {
  const sim = new CameraSimulator();
  const account = sim.addAccount({ apiKeys: [API_KEY] });
  await sim.start();
  const byNumber = new Map<number, string>();

  const world: CameraWorld = {
    addCameras: async (count, options = {}) =>
      account.addCameras(count, { itemIds: options.itemId === undefined ? [] : [options.itemId] }).map((camera) => {
        byNumber.set(camera.number, camera.deviceId);
        return camera.deviceId;
      }),
    setClockOffset: async (deviceId, ms) => {
      sim.camera(deviceId).clockOffsetMs = ms;
    },
    addGap: async (deviceId, from, to) => {
      sim.camera(deviceId).addGap(from, to);
    },
    addDarkPeriod: async (deviceId, from, to) => {
      sim.camera(deviceId).addDarkPeriod(from, to);
    },
    addMotion: async (deviceId, times) => {
      sim.camera(deviceId).addMotion(times);
    },
    setRecordingLag: async (deviceId, ms) => {
      sim.camera(deviceId).recordingLagMs = ms;
    },
    failNext: async (fault, count) =>
      sim.faults.set(
        fault === 'rate-limited'
          ? { next429: count }
          : fault === 'server-error'
            ? { next5xx: count }
            : { nextCorruptJpeg: count },
      ),
    setSlow: async (slow) => sim.faults.set({ delayMs: slow ? TIMEOUT_MS + 500 : 0 }),
    resetFaults: async () => sim.faults.reset(),
    sceneOf: async (jpeg) => {
      // The three registers of one frame show one camera at one second.
      const bands = await decodeFrameBands(jpeg);
      const { camera, epochSecond } = bands[0];
      if (bands.some((b) => b.camera !== camera || b.epochSecond !== epochSecond)) {
        throw new Error('the registers of one frame disagree');
      }
      return { deviceId: byNumber.get(camera) ?? `unknown camera ${camera}`, epochSecond };
    },
    requests: () => sim.requests.length,
  };

  return {
    world,
    secrets: [API_KEY, WRONG_KEY],
    settleMs: 60_000,
    open: (credentials = 'valid') =>
      new SafieCameraSource({
        baseUrl: sim.url,
        auth: { apiKey: credentials === 'valid' ? API_KEY : WRONG_KEY },
        retry: { attempts: 3, baseDelayMs: 5, timeoutMs: TIMEOUT_MS },
      }),
    close: () => sim.stop(),
  };
});
