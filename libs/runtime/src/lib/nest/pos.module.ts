import { Global, Logger, Module } from '@nestjs/common';
import { LinkQueries } from '@regicam/links';
import { PosConnectors, PosCredentials, SmaregiReceiver, UbiregiGrants, pollTargets } from '@regicam/pos/connections';
import { PosIngest, PosPoller } from '@regicam/transactions';
import type { Stores } from '../open-stores';
import type { RuntimeConfig } from '../runtime-config';
import { CLOCK, RUNTIME_CONFIG, STORES, type Clock } from './tokens';

const logger = new Logger('POS');
const log = (level: 'info' | 'warn' | 'error', message: string) =>
  level === 'info' ? logger.log(message) : logger[level](message);

/**
 * Everything that reaches the POS vendors: sealed credentials, Ubiregi
 * grants, the clients, the one ingest path, the poller (started only by the
 * `pos-pollers` role; any process may ask it for an early poll or a status)
 * and the receiver of Smaregi's pushes and webhooks.
 */
@Global()
@Module({
  providers: [
    {
      provide: PosCredentials,
      useFactory: (s: Stores, clock: Clock) => PosCredentials.open(s.readStore, s.secrets, clock.now()),
      inject: [STORES, CLOCK],
    },
    { provide: UbiregiGrants, useFactory: (s: Stores) => UbiregiGrants.open(s.readStore, s.secrets), inject: [STORES] },
    {
      provide: PosConnectors,
      useFactory: (c: RuntimeConfig, grants: UbiregiGrants) => new PosConnectors(c.pos, grants),
      inject: [RUNTIME_CONFIG, UbiregiGrants],
    },
    {
      provide: PosIngest,
      useFactory: (s: Stores, clock: Clock) => PosIngest.open(s.eventStore, s.readStore, () => clock.now(), log),
      inject: [STORES, CLOCK],
    },
    {
      provide: PosPoller,
      useFactory: (
        c: RuntimeConfig,
        s: Stores,
        clock: Clock,
        ingest: PosIngest,
        links: LinkQueries,
        credentials: PosCredentials,
        grants: UbiregiGrants,
        connectors: PosConnectors,
      ) =>
        PosPoller.open(s.readStore, ingest, () => pollTargets({ links, credentials, grants, connectors }, log), {
          intervalMs: c.pos.pollIntervalMs,
          concurrency: c.pos.pollConcurrency,
          instanceId: c.instanceId,
          now: () => clock.now(),
          log,
        }),
      inject: [RUNTIME_CONFIG, STORES, CLOCK, PosIngest, LinkQueries, PosCredentials, UbiregiGrants, PosConnectors],
    },
    {
      provide: SmaregiReceiver,
      useFactory: (credentials: PosCredentials, connectors: PosConnectors, ingest: PosIngest, poller: PosPoller) =>
        new SmaregiReceiver(credentials, connectors, ingest, (key) => poller.requestPoll(key), { log }),
      inject: [PosCredentials, PosConnectors, PosIngest, PosPoller],
    },
  ],
  exports: [PosCredentials, UbiregiGrants, PosConnectors, PosIngest, PosPoller, SmaregiReceiver],
})
export class PosModule {}
