import type { TopicNames } from '@regicam/contracts';
import type { MessageLog } from '@regicam/messaging';
import type { RoleLog } from '@regicam/roles';

export type StageState = 'stopped' | 'starting' | 'running' | 'stopping';

/** What each stage of the join is built with. */
export type StageOptions = {
  log: MessageLog;
  /** The broker's names of the topics. */
  topics: TopicNames;
  /** The stage's consumer group. */
  groupId: string;
  now: () => Date;
  logger: RoleLog;
  /** The consumer's and readers' backoff after a failing batch (defaults 200 ms, doubling to 10 s). */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
};

/**
 * How the stages encode what they send: values built by typed code from
 * records they decoded, so their schemas are not checked a second time on
 * the way out (every consumer, and the stages' tests, check them on the way in).
 */
export const FROM_DECODED = { fromDecoded: true } as const;
