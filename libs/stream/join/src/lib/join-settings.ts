import { parseEnvironment } from '@regicam/util';
import { z } from 'zod';

/** How the camera stage matches transactions with pictures, and how much it keeps per camera. */
export type JoinSettings = {
  /** A frame within ± this of the target time is a match (default 2 s). */
  toleranceMs: number;
  /** How long after the transaction was first seen (`seenAt`) the join waits for late frames (default 10 s). */
  graceMs: number;
  /**
   * How far back frames, segments and connection events are kept per
   * camera, and how far back the frames topic is read again after a
   * restart or a rebalance (default 10 min). A push camera's transaction
   * that reaches the join later than this after its sale finds no frame.
   */
  bufferWindowMs: number;
  /** The most frames kept per camera (default 1200: 2 a second over 10 minutes). */
  maxFramesPerCamera: number;
  /** The most transactions waiting per camera; past it the oldest is decided at once, as if its grace ran out (default 1000). */
  maxPendingPerCamera: number;
};

export const DEFAULT_JOIN_SETTINGS: JoinSettings = {
  toleranceMs: 2000,
  graceMs: 10_000,
  bufferWindowMs: 10 * 60_000,
  maxFramesPerCamera: 1200,
  maxPendingPerCamera: 1000,
};

const ms = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const JoinEnv = z.object({
  JOIN_TOLERANCE_MS: ms(0, 60_000).default(DEFAULT_JOIN_SETTINGS.toleranceMs),
  JOIN_GRACE_MS: ms(0, 10 * 60_000).default(DEFAULT_JOIN_SETTINGS.graceMs),
  JOIN_BUFFER_WINDOW_MS: ms(10_000, 24 * 60 * 60_000).default(DEFAULT_JOIN_SETTINGS.bufferWindowMs),
  JOIN_MAX_FRAMES_PER_CAMERA: ms(1, 1_000_000).default(DEFAULT_JOIN_SETTINGS.maxFramesPerCamera),
  JOIN_MAX_PENDING_PER_CAMERA: ms(1, 1_000_000).default(DEFAULT_JOIN_SETTINGS.maxPendingPerCamera),
});

/**
 * Reads the join's settings from the environment (`JOIN_TOLERANCE_MS`,
 * `JOIN_GRACE_MS`, `JOIN_BUFFER_WINDOW_MS`, `JOIN_MAX_FRAMES_PER_CAMERA`,
 * `JOIN_MAX_PENDING_PER_CAMERA`). A wrong value is an error naming the
 * variable.
 */
export function loadJoinSettings(env: NodeJS.ProcessEnv): JoinSettings {
  const e = parseEnvironment(JoinEnv, env);
  return {
    toleranceMs: e.JOIN_TOLERANCE_MS,
    graceMs: e.JOIN_GRACE_MS,
    bufferWindowMs: e.JOIN_BUFFER_WINDOW_MS,
    maxFramesPerCamera: e.JOIN_MAX_FRAMES_PER_CAMERA,
    maxPendingPerCamera: e.JOIN_MAX_PENDING_PER_CAMERA,
  };
}
