import {
  Global,
  Inject,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CameraGateway, CameraGatewayRole } from '@regicam/cameras/gateway';
import type { CameraInfoLookup, CameraSourceLookup } from '@regicam/cameras/source';
import type { TopicNames } from '@regicam/contracts';
import { TopicProjector, pictureProjection, timelineProjection, type TopicProjection } from '@regicam/dashboard';
import type { Projection } from '@regicam/event-sourcing';
import { linkProjection } from '@regicam/links';
import {
  RoleHost,
  projectionPart,
  projectorRole,
  StatusBoard,
  SystemHealth,
  type PartReport,
  type Role,
  type RoleName,
} from '@regicam/roles';
import { JoinRole } from '@regicam/stream/join';
import { relayRole } from '@regicam/stream/relay';
import { ThumbnailerRole, thumbnailerGroupId } from '@regicam/thumbnails';
import { openPollStates, PosPoller, transactionProjection } from '@regicam/transactions';
import { ensureRegiCamTopics, type Stores } from '../open-stores';
import type { RuntimeConfig } from '../runtime-config';
import {
  CAMERA_INFO,
  CAMERA_SOURCES,
  CLOCK,
  PROJECTIONS,
  ROLE_HOST,
  RUNTIME_CONFIG,
  STORES,
  type Clock,
} from './tokens';

/** The read models' projections (rebuildable from the event store by replay), in the order they start. */
export function readModelProjections(): Projection[] {
  return [linkProjection(), transactionProjection()];
}

/**
 * The read models kept from topics, each with the broker's name of its
 * topic: the pictures (rebuildable by reading the compacted thumbnails
 * topic from its beginning) and the cameras' timelines (a rolling window of
 * the frames topic).
 */
export function topicReadModels(
  topics: TopicNames,
): { projection: TopicProjection; topic: string; rebuildable: boolean }[] {
  return [
    { projection: pictureProjection(), topic: topics.thumbnails, rebuildable: true },
    { projection: timelineProjection(), topic: topics.cameraFrames, rebuildable: false },
  ];
}

const logger = new Logger('Roles');
const log = (level: 'info' | 'warn' | 'error', message: string) =>
  level === 'info' ? logger.log(message) : logger[level](message);

/** A topic projector as claimed work of the projector role. */
const bind = (p: TopicProjector) => ({ start: () => p.start(), stop: () => p.stop(), status: () => p.status() });

/** The `pos-pollers` role: the poller of every POS contract, each on its own schedule. */
export class PosPollersRole implements Role {
  readonly name = 'pos-pollers' as const;

  constructor(
    private readonly poller: PosPoller,
    private readonly polling: boolean,
  ) {}

  async start(): Promise<void> {
    if (this.polling) this.poller.start();
    else log('warn', 'POS_POLLING=off: the pos-pollers role polls only when asked');
  }

  stop(): Promise<void> {
    return this.poller.stop();
  }

  async report(): Promise<PartReport[]> {
    return [
      {
        part: 'pos-pollers',
        state: this.polling ? 'running' : 'off',
        ready: true,
        details: { polling: this.poller.inProgress },
      },
    ];
  }
}

/** The roles that read or write topics: a process hosting one makes sure the topics exist first. */
const TOPIC_ROLES: readonly RoleName[] = ['projector', 'relay', 'camera-gateway', 'join', 'thumbnailer'];

/**
 * Starts the hosted roles once the process is composed (after making sure
 * the topics they use exist, with their partitions, retention and cleanup
 * policy); stops them before the stores close.
 */
class RoleLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(ROLE_HOST) private readonly host: RoleHost,
    @Inject(STORES) private readonly stores: Stores,
    @Inject(RUNTIME_CONFIG) private readonly config: RuntimeConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.host.names.length > 0) log('info', `hosting roles: ${this.host.names.join(', ')}`);
    if (this.host.names.some((r) => TOPIC_ROLES.includes(r))) {
      for (const d of await ensureRegiCamTopics(this.stores.messageLog, this.config.stores.messageLog)) {
        log('warn', `topic ${d.topic}: ${d.message} (regicam topics tells how to fix it)`);
      }
    }
    await this.host.startAll();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.host.stopAll();
  }
}

/** The poll state of every POS contract, for readiness (never makes the process unready). */
async function pollTargetReports(stores: Stores): Promise<PartReport[]> {
  const states = await openPollStates(stores.readStore);
  const page = await states.find({}, { sort: [['id', 1]], limit: 1000 });
  return page.items.map((s) => ({
    part: `poll:${s.id}`,
    state: s.status,
    ready: true,
    details: { lastSuccessAt: s.lastSuccessAt, lastError: s.lastError, failures: s.failures, nextAt: s.nextAt },
  }));
}

/**
 * The background roles this process hosts (from the configuration), the
 * status board they share with the other processes, and the system's
 * health as `/api/health/ready` tells it.
 */
@Global()
@Module({
  providers: [
    { provide: PROJECTIONS, useFactory: readModelProjections },
    { provide: StatusBoard, useFactory: (s: Stores) => StatusBoard.open(s.readStore), inject: [STORES] },
    {
      provide: ROLE_HOST,
      useFactory: (
        c: RuntimeConfig,
        s: Stores,
        clock: Clock,
        projections: Projection[],
        board: StatusBoard,
        poller: PosPoller,
        gateway: CameraGateway,
        cameraSources: CameraSourceLookup,
        cameraInfo: CameraInfoLookup,
      ) => {
        const make: Record<RoleName, () => Role> = {
          projector: () =>
            projectorRole(projections, s.eventStore, s.readStore, board, {
              instanceId: c.instanceId,
              now: () => clock.now(),
              log,
              others: topicReadModels(s.topics).map(({ projection, topic }) => {
                const projector = new TopicProjector(projection, s.messageLog, s.readStore, {
                  topic,
                  now: () => clock.now(),
                  log,
                });
                return { part: projectionPart(projection.name), ...bind(projector) };
              }),
            }),
          'pos-pollers': () => new PosPollersRole(poller, c.pos.polling),
          relay: () =>
            relayRole({ events: s.eventStore, store: s.readStore, log: s.messageLog, topics: s.topics }, board, {
              instanceId: c.instanceId,
              now: () => clock.now(),
              log,
            }),
          thumbnailer: () =>
            new ThumbnailerRole(
              {
                messageLog: s.messageLog,
                topics: s.topics,
                blobStore: s.blobStore,
                cameraSource: cameraSources,
                now: () => clock.now(),
                log,
              },
              { ...c.thumbnailer, groupId: thumbnailerGroupId(s.topics) },
            ),
          join: () =>
            new JoinRole({
              log: s.messageLog,
              topics: s.topics,
              cameraInfo,
              settings: c.join,
              now: () => clock.now(),
              logger: log,
            }),
          'camera-gateway': () => new CameraGatewayRole(gateway),
        };
        return new RoleHost(
          c.roles.map((r) => make[r]()),
          log,
        );
      },
      inject: [
        RUNTIME_CONFIG,
        STORES,
        CLOCK,
        PROJECTIONS,
        StatusBoard,
        PosPoller,
        CameraGateway,
        CAMERA_SOURCES,
        CAMERA_INFO,
      ],
    },
    {
      provide: SystemHealth,
      useFactory: (
        c: RuntimeConfig,
        s: Stores,
        clock: Clock,
        projections: Projection[],
        board: StatusBoard,
        host: RoleHost,
      ) =>
        new SystemHealth({
          projectionsGate: c.servesReads,
          dependencies: [
            { name: 'event store', check: async () => void (await s.eventStore.readAll({ maxCount: 1 })) },
            { name: 'read store', check: async () => void (await s.readStore.checkpoint('health')) },
          ],
          events: s.eventStore,
          store: s.readStore,
          board,
          projections,
          host,
          sections: [{ name: 'pollTargets', report: () => pollTargetReports(s) }],
          now: () => clock.now(),
        }),
      inject: [RUNTIME_CONFIG, STORES, CLOCK, PROJECTIONS, StatusBoard, ROLE_HOST],
    },
    { provide: RoleLifecycle, useClass: RoleLifecycle },
  ],
  exports: [PROJECTIONS, StatusBoard, ROLE_HOST, SystemHealth],
})
export class RolesModule {}
