import { parseEnvironment } from '@regicam/util';
import { z } from 'zod';
import type { StreamOptions } from './stream-hub';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const StreamEnv = z.object({
  /** Live streams (`GET /api/stream`) one owner may have open at once, per API process. */
  STREAM_MAX_PER_OWNER: int(1, 100).default(5),
  /** How often a stream reads the owner's feeds, in ms. */
  STREAM_POLL_MS: int(50, 60_000).default(1000),
  /** How often a stream sends a heartbeat and checks its session, in ms. */
  STREAM_HEARTBEAT_MS: int(100, 300_000).default(15_000),
});

export type StreamSettings = Required<Pick<StreamOptions, 'maxPerOwner' | 'pollMs' | 'heartbeatMs'>>;

/** The live streams' settings (`STREAM_*`); a wrong value stops the process naming the variable. */
export function loadStreamSettings(env: NodeJS.ProcessEnv): StreamSettings {
  const e = parseEnvironment(StreamEnv, env);
  return { maxPerOwner: e.STREAM_MAX_PER_OWNER, pollMs: e.STREAM_POLL_MS, heartbeatMs: e.STREAM_HEARTBEAT_MS };
}
