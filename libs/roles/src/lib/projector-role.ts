import { Projector, type Projection, type ProjectorOptions } from '@regicam/event-sourcing';
import type { EventStore } from '@regicam/event-store';
import type { ReadStore } from '@regicam/read-store';
import { randomUUID } from 'node:crypto';
import type { PartReport, Role, RoleLog } from './role';
import type { StatusBoard } from './status-board';

export type ProjectorRoleOptions = {
  /** This process's name in the claims (default: a random id). */
  instanceId?: string;
  /** How often the claims are renewed and the status written (default 2 s); a claim lasts three of these. */
  heartbeatMs?: number;
  now?: () => Date;
  log?: RoleLog;
  projector?: Omit<ProjectorOptions, 'log'>;
};

/** The part a projection is claimed and reported under. */
export const projectionPart = (name: string) => `projection:${name}`;

/**
 * The `projector` role: keeps the read models (links, transactions, …) up
 * to date. Each projection runs in one process at a time: the one holding
 * its claim on the status board. Every heartbeat:
 * 1. claim (or renew) each projection, writing its state and checkpoint;
 * 2. start the projections claimed and not running;
 * 3. stop those whose claim another process took over (this one stalled
 *    past the claim's end): they stand by.
 * On stop, the projections finish their batch and the claims are released
 * with the state `stopped`, so that others see at once that nobody runs them.
 */
export class ProjectorRole implements Role {
  readonly name = 'projector' as const;
  private readonly projectors: Projector[];
  private readonly instanceId: string;
  private timer?: NodeJS.Timeout;
  private beating?: Promise<void>;
  private running = false;

  constructor(
    projections: Projection[],
    events: EventStore,
    store: ReadStore,
    private readonly board: StatusBoard,
    private readonly options: ProjectorRoleOptions = {},
  ) {
    this.instanceId = options.instanceId ?? randomUUID();
    this.projectors = projections.map(
      (p) => new Projector(p, events, store, { ...options.projector, log: options.log }),
    );
  }

  /** The projector of a projection hosted here (for read-your-writes in the same process). */
  projector(name: string): Projector | undefined {
    return this.projectors.find((p) => p.name === name);
  }

  async start(): Promise<void> {
    this.running = true;
    await this.heartbeat();
    const loop = () => {
      this.timer = setTimeout(() => {
        this.beating = this.heartbeat()
          .catch((e: unknown) => this.options.log?.('warn', `projector heartbeat: ${String(e)}`))
          .finally(() => {
            if (this.running) loop();
          });
      }, this.heartbeatMs);
      this.timer.unref();
    };
    loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.beating;
    for (const p of this.projectors) await p.stop();
    for (const p of this.projectors) await this.board.release(projectionPart(p.name), this.instanceId, this.now());
  }

  async report(): Promise<PartReport[]> {
    return this.projectors.map((p) => {
      const s = p.status();
      const state = s.state === 'stopped' && this.running ? 'standby' : s.state;
      return {
        part: projectionPart(p.name),
        state,
        ready: state === 'running' || state === 'standby',
        details: { checkpoint: s.checkpoint, restarts: s.restarts, lastError: s.lastError },
      };
    });
  }

  private get heartbeatMs(): number {
    return this.options.heartbeatMs ?? 2000;
  }

  private async heartbeat(): Promise<void> {
    for (const p of this.projectors) {
      if (!this.running) return;
      const wasStopped = p.status().state === 'stopped';
      const claimed = await this.claim(p);
      if (claimed && wasStopped) {
        await p.start();
        await this.claim(p);
        this.options.log?.('info', `projection ${p.name} running here (${this.instanceId})`);
      } else if (!claimed && !wasStopped) {
        await p.stop();
        this.options.log?.('warn', `projection ${p.name} was taken over by another process; standing by`);
      }
    }
  }

  /** Claims or renews the projection, writing its state as it is now. */
  private claim(p: Projector): Promise<boolean> {
    const s = p.status();
    return this.board.claim(projectionPart(p.name), this.instanceId, 3 * this.heartbeatMs, this.now(), {
      state: s.state === 'stopped' ? 'starting' : s.state,
      details: {
        checkpoint: s.checkpoint,
        restarts: s.restarts,
        consecutiveFailures: s.consecutiveFailures,
        lastError: s.lastError,
      },
    });
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}
