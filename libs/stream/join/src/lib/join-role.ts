import { checkCoPartitioned, TOPIC, type TopicId, type TopicNames } from '@regicam/contracts';
import type { MessageLog, TopicSpec } from '@regicam/messaging';
import type { PartReport, Role, RoleLog } from '@regicam/roles';
import { CameraStage, type CameraInfo } from './camera-stage';
import { DEFAULT_JOIN_SETTINGS, type JoinSettings } from './join-settings';
import { LinkStage } from './link-stage';

export type JoinRoleOptions = {
  log: MessageLog;
  /** The broker's names of the topics (with the installation's prefix). */
  topics: TopicNames;
  /** The camera facts (clock offset, recording or push) by camera id. */
  cameraInfo: CameraInfo;
  settings?: Partial<JoinSettings>;
  now?: () => Date;
  logger?: RoleLog;
  /**
   * Topics to create when missing before the join starts (existing ones
   * are left as they are): the composition passes every RegiCam topic
   * with its partitions and retention.
   */
  createTopics?: TopicSpec[];
  /** How often waiting transactions are looked at again (default 250 ms). */
  tickMs?: number;
  /** How long a batch of transactions waits for the link table before it is retried (default 5 s). */
  linksWaitMs?: number;
  /** The consumers' and readers' backoff after a failing batch (defaults 200 ms, doubling to 10 s). */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
};

/** The two consumer groups of the join, named after the installation's topic prefix. */
export function joinGroupIds(topics: TopicNames): { link: string; camera: string } {
  const prefix = topics.links.slice(0, topics.links.length - TOPIC.links.length);
  return { link: `${prefix}regicam-join-link`, camera: `${prefix}regicam-join-camera` };
}

/** The topics the join reads and writes. */
const JOIN_TOPICS: readonly TopicId[] = [
  'links',
  'transactions',
  'cameraFrames',
  'joinByCamera',
  'thumbnailJobs',
  'thumbnails',
];

/**
 * The `join` role: transactions ⋈ the link in force at their time, then
 * per camera the nearest frame or the recording (see `LinkStage` and
 * `CameraStage`). Both consumer groups run on every join instance; more
 * instances share the partitions.
 *
 * Start: 1. the topics exist (created when asked) and the camera-keyed
 * ones are co-partitioned; 2. the camera stage; 3. the link stage (which
 * feeds it). Stop, the other way round: the link stage commits its last
 * batch, then the camera stage sends and commits what is due and leaves.
 */
export class JoinRole implements Role {
  readonly name = 'join' as const;
  private readonly links: LinkStage;
  private readonly cameras: CameraStage;

  constructor(private readonly options: JoinRoleOptions) {
    const { log, topics, retryDelayMs, maxRetryDelayMs } = options;
    const groups = joinGroupIds(topics);
    const base = {
      log,
      topics,
      now: options.now ?? (() => new Date()),
      logger: options.logger ?? (() => undefined),
      retryDelayMs,
      maxRetryDelayMs,
    };
    this.links = new LinkStage({ ...base, groupId: groups.link, linksWaitMs: options.linksWaitMs });
    this.cameras = new CameraStage({
      ...base,
      groupId: groups.camera,
      cameraInfo: options.cameraInfo,
      settings: { ...DEFAULT_JOIN_SETTINGS, ...options.settings },
      tickMs: options.tickMs,
    });
  }

  async start(): Promise<void> {
    await this.checkTopics();
    try {
      await this.cameras.start();
      await this.links.start();
    } catch (error) {
      // A stage that started is not left running behind a failed start.
      await this.stop().catch(() => undefined);
      throw error;
    }
  }

  async stop(): Promise<void> {
    await this.links.stop();
    await this.cameras.stop();
  }

  async report(): Promise<PartReport[]> {
    return [await this.links.report(), await this.cameras.report()];
  }

  /** The join's topics exist, and one camera's frames and transactions land on the same member. */
  private async checkTopics(): Promise<void> {
    const { log, topics, createTopics } = this.options;
    if (createTopics && createTopics.length > 0) await log.createTopics(createTopics);
    const names = JOIN_TOPICS.map((id) => topics[id]);
    const described = await log.describeTopics(names);
    const missing = described.filter((d) => !d.exists).map((d) => d.name);
    if (missing.length > 0) {
      throw new Error(`join: the topics ${missing.join(', ')} do not exist; create them before starting the join`);
    }
    const counts = Object.fromEntries(
      JOIN_TOPICS.map((id, i) => {
        const d = described[i];
        return [TOPIC[id], d.exists ? d.partitions : 0];
      }),
    );
    checkCoPartitioned(counts);
  }
}
