import type { CameraDirectory } from '@regicam/cameras';
import { SafieCameraSource } from '@regicam/cameras/safie';
import type { CameraSourceLookup } from '@regicam/thumbnails';
import { parseEnvironment } from '@regicam/util';
import { z } from 'zod';

const SafieEnv = z.object({
  /** Safie API v2, or the camera simulator speaking it. */
  SAFIE_API_URL: z.url().default('https://openapi.safie.link'),
  /** The API key of the Safie account the recording cameras belong to. */
  SAFIE_API_KEY: z.string().min(1).optional(),
});

/** The Safie account the recorded pictures are fetched from (the simulator's too: it speaks Safie's API). */
export type SafieAccess = { url: string; apiKey: string | null };

export function loadSafieAccess(env: NodeJS.ProcessEnv): SafieAccess {
  const e = parseEnvironment(SafieEnv, env);
  return { url: e.SAFIE_API_URL.replace(/\/$/, ''), apiKey: e.SAFIE_API_KEY ?? null };
}

/** A recording camera's source, read from its document whatever else it holds; null for any other camera. */
export function recordingSourceOf(camera: unknown): { kind: 'safie' | 'simulator'; deviceId: string } | null {
  const source = (camera as { source?: unknown } | null)?.source as { kind?: unknown; deviceId?: unknown } | undefined;
  if (!source || typeof source !== 'object') return null;
  const { kind, deviceId } = source;
  if ((kind !== 'safie' && kind !== 'simulator') || typeof deviceId !== 'string' || deviceId === '') return null;
  return { kind, deviceId };
}

/**
 * The camera source of each camera for the thumbnailer, from the camera
 * directory: cameras whose `source` is `{kind: 'safie' | 'simulator',
 * deviceId}` are fetched from with the configured Safie account; push
 * cameras, cameras without a source and unknown ones have none (null).
 * Without an API key no camera has one. Answers are kept `ttlMs`
 * (default 5 s), so a busy camera costs one directory read every few seconds.
 */
export function cameraSourcesFromDirectory(
  directory: Pick<CameraDirectory, 'get'>,
  access: SafieAccess,
  options: { ttlMs?: number; now?: () => number } = {},
): CameraSourceLookup {
  const ttlMs = options.ttlMs ?? 5_000;
  const now = options.now ?? Date.now;
  const source = access.apiKey ? new SafieCameraSource({ baseUrl: access.url, auth: { apiKey: access.apiKey } }) : null;
  const known = new Map<string, { at: number; deviceId: string | null }>();
  return async (cameraId) => {
    if (!source) return null;
    let entry = known.get(cameraId);
    if (!entry || now() - entry.at >= ttlMs) {
      entry = { at: now(), deviceId: recordingSourceOf(await directory.get(cameraId))?.deviceId ?? null };
      known.set(cameraId, entry);
    }
    return entry.deviceId === null ? null : { source, deviceId: entry.deviceId };
  };
}

/** A camera's clock offset (ms), read from its document whatever else it holds: 0 when it has none. */
export function clockOffsetOf(camera: unknown): number {
  const offset = (camera as { clockOffsetMs?: unknown } | null)?.clockOffsetMs;
  return typeof offset === 'number' && Number.isFinite(offset) ? offset : 0;
}

/**
 * How far each camera's clock runs ahead of true time, from the camera
 * directory (null for an unknown camera; 0 for a camera without an offset),
 * kept `ttlMs` (default 5 s) like the sources.
 */
export function cameraClocksFromDirectory(
  directory: Pick<CameraDirectory, 'get'>,
  options: { ttlMs?: number; now?: () => number } = {},
): (cameraId: string) => Promise<{ clockOffsetMs: number } | null> {
  const ttlMs = options.ttlMs ?? 5_000;
  const now = options.now ?? Date.now;
  const known = new Map<string, { at: number; offset: number | null }>();
  return async (cameraId) => {
    let entry = known.get(cameraId);
    if (!entry || now() - entry.at >= ttlMs) {
      const camera = await directory.get(cameraId);
      entry = { at: now(), offset: camera ? clockOffsetOf(camera) : null };
      known.set(cameraId, entry);
    }
    return entry.offset === null ? null : { clockOffsetMs: entry.offset };
  };
}
