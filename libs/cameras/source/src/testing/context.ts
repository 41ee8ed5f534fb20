import type { CameraSource } from '../lib/camera-source';
import { CameraSourceError } from '../lib/errors';

/**
 * The outside world behind a camera source, as the contract arranges it: the
 * adapter's spec implements it on a simulator of the vendor's API (never on a
 * stub of our own code). Times are on the camera's clock.
 */
export interface CameraWorld {
  /** Adds `count` cameras to the account (with the option `itemId` when given); their device ids, in order. */
  addCameras(count: number, options?: { itemId?: number }): Promise<string[]>;
  /** The camera's clock runs `ms` ahead of true time (negative: behind). */
  setClockOffset(deviceId: string, ms: number): Promise<void>;
  /** Nothing is recorded in `[from, to)`, though the camera stays connected. */
  addGap(deviceId: string, from: Date, to: Date): Promise<void>;
  /** The camera is disconnected in `[from, to)`: nothing recorded, a disconnect at `from` and a connect at `to`. */
  addDarkPeriod(deviceId: string, from: Date, to: Date): Promise<void>;
  /** The camera reports motion at these times. */
  addMotion(deviceId: string, times: Date[]): Promise<void>;
  /** A frame reaches the service this long after it was taken. */
  setRecordingLag(deviceId: string, ms: number): Promise<void>;
  /** The next `count` requests fail this way (`corrupt-image`: the next pictures are not valid JPEG). */
  failNext(fault: 'rate-limited' | 'server-error' | 'corrupt-image', count: number): Promise<void>;
  /** Every answer comes later than the source's timeout, until set back. */
  setSlow(slow: boolean): Promise<void>;
  /** Undoes `failNext` and `setSlow`. */
  resetFaults(): Promise<void>;
  /** What a picture shows: which camera, and the true time of the scene (epoch second). Rejects what it cannot read. */
  sceneOf(jpeg: Buffer): Promise<{ deviceId: string; epochSecond: number }>;
  /** How many requests the service has received. */
  requests(): number;
}

export interface CameraSourceHarness {
  readonly world: CameraWorld;
  /** A source for the account; `refused`: with credentials the service does not accept. */
  open(credentials?: 'valid' | 'refused'): CameraSource;
  /** What must never appear in an error (the API key, the token). */
  readonly secrets: string[];
  /** A range of recordings or events must end at least this long before now. */
  readonly settleMs: number;
  /** Stops what the harness started. */
  close?(): Promise<void>;
}

/** What every part of the contract shares. */
export interface ContractContext {
  readonly harness: () => CameraSourceHarness;
  readonly source: () => CameraSource;
  /** An option item id no other test of this run uses. */
  readonly itemId: () => number;
}

/** The error a promise rejects with: one of the port's classes, never carrying a secret. */
export async function failure(harness: CameraSourceHarness, promise: Promise<unknown>): Promise<CameraSourceError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the camera source to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CameraSourceError);
  const text = `${(error as Error).message} ${JSON.stringify(error)}`;
  for (const secret of harness.secrets) expect(text).not.toContain(secret);
  return error as CameraSourceError;
}

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** A whole hour at least `ago` ms in the past: a time the camera has long recorded. */
export function pastHour(ago: number): Date {
  return new Date(Math.floor((Date.now() - ago) / HOUR) * HOUR);
}

export const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
