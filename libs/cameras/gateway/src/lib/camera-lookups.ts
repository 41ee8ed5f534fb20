import { isRecording, type CameraDirectory, type CameraSourceRef } from '@regicam/cameras';
import type { CameraInfoLookup, CameraSource, CameraSourceLookup } from '@regicam/cameras/source';

/** The camera source of a camera's account (Safie, the simulator), or null when this process cannot reach it. */
export type SourceOf = (source: Extract<CameraSourceRef, { deviceId: string }>) => CameraSource | null;

export type CacheOptions = {
  /** How long an answer is reused (default 5 s): a changed offset or source is seen within this. */
  ttlMs?: number;
  /** The most cameras remembered (default 10 000); the oldest answers go first. */
  maxEntries?: number;
  now?: () => number;
};

/**
 * `load` with its answers kept for `ttlMs`, null answers included;
 * concurrent calls for one key share one load; a failed load is not kept.
 */
export function cached<T>(load: (key: string) => Promise<T>, options: CacheOptions = {}): (key: string) => Promise<T> {
  const ttl = options.ttlMs ?? 5000;
  const max = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { at: number; value: Promise<T> }>();
  return (key) => {
    const hit = entries.get(key);
    if (hit && now() - hit.at < ttl) return hit.value;
    entries.delete(key);
    const value = load(key);
    entries.set(key, { at: now(), value });
    value.catch(() => {
      if (entries.get(key)?.value === value) entries.delete(key);
    });
    while (entries.size > max) entries.delete(entries.keys().next().value as string);
    return value;
  };
}

/**
 * The two lookups the stream roles take from the camera directory, cached:
 * `cameraSource` (the thumbnailer: where to fetch a recorded picture) and
 * `cameraInfo` (the join: the clock offset, and whether the camera records).
 */
export function cameraLookups(
  directory: CameraDirectory,
  sourceOf: SourceOf,
  options: CacheOptions = {},
): { cameraSource: CameraSourceLookup; cameraInfo: CameraInfoLookup } {
  return {
    cameraSource: cached(async (cameraId) => {
      const camera = await directory.get(cameraId);
      if (!camera || !isRecording(camera.source)) return null;
      const source = sourceOf(camera.source);
      return source ? { source, deviceId: camera.source.deviceId } : null;
    }, options),
    cameraInfo: cached(async (cameraId) => {
      const camera = await directory.get(cameraId);
      return camera ? { clockOffsetMs: camera.clockOffsetMs, recording: isRecording(camera.source) } : null;
    }, options),
  };
}
