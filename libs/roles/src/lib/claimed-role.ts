import type { CheckpointedSubscriber } from '@regicam/event-sourcing';
import { randomUUID } from 'node:crypto';
import type { PartReport, Role, RoleLog, RoleName } from './role';
import type { StatusBoard } from './status-board';

/** Work that one process at a time does: a projection, the relay. */
export type ClaimedRunner = {
  /** Its part on the status board, e.g. `projection:links`. */
  part: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** `stopped` while it does not run here; `running`, `restarting`, `failed` otherwise. */
  status(): { state: string; details: Record<string, unknown> };
};

export type ClaimedRoleOptions = {
  /** This process's name in the claims (default: a random id). */
  instanceId?: string;
  /** How often the claims are renewed and the status written (default 2 s); a claim lasts three of these. */
  heartbeatMs?: number;
  now?: () => Date;
  log?: RoleLog;
};

/** A checkpointed subscriber (a projector, the relay) as work one process at a time does. */
export function subscriberRunner(part: string, subscriber: CheckpointedSubscriber<unknown>): ClaimedRunner {
  return {
    part,
    start: () => subscriber.start(),
    stop: () => subscriber.stop(),
    status: () => {
      const { state, checkpoint, restarts, consecutiveFailures, lastError } = subscriber.status();
      return { state, details: { checkpoint, restarts, consecutiveFailures, lastError } };
    },
  };
}

/**
 * A role whose parts run in one process at a time: the one holding the
 * part's claim on the status board. Every heartbeat:
 * 1. claim (or renew) each part, writing its state;
 * 2. start the parts claimed and not running;
 * 3. stop those whose claim another process took over (this one stalled
 *    past the claim's end): they stand by.
 * On stop, the parts finish their work in hand and the claims are released
 * with the state `stopped`, so that others see at once that nobody runs them
 * and may take them over.
 */
export class ClaimedRole implements Role {
  private readonly instanceId: string;
  private timer?: NodeJS.Timeout;
  private beating?: Promise<void>;
  private running = false;

  constructor(
    readonly name: RoleName,
    private readonly runners: ClaimedRunner[],
    private readonly board: StatusBoard,
    private readonly options: ClaimedRoleOptions = {},
  ) {
    this.instanceId = options.instanceId ?? randomUUID();
  }

  async start(): Promise<void> {
    this.running = true;
    await this.heartbeat();
    const loop = () => {
      this.timer = setTimeout(() => {
        this.beating = this.heartbeat()
          .catch((e: unknown) => this.options.log?.('warn', `${this.name} heartbeat: ${String(e)}`))
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
    for (const r of this.runners) await r.stop();
    for (const r of this.runners) await this.board.release(r.part, this.instanceId, this.now());
  }

  async report(): Promise<PartReport[]> {
    return this.runners.map((r) => {
      const s = r.status();
      const state = s.state === 'stopped' && this.running ? 'standby' : s.state;
      return { part: r.part, state, ready: state === 'running' || state === 'standby', details: s.details };
    });
  }

  private get heartbeatMs(): number {
    return this.options.heartbeatMs ?? 2000;
  }

  private async heartbeat(): Promise<void> {
    for (const r of this.runners) {
      if (!this.running) return;
      const wasStopped = r.status().state === 'stopped';
      const claimed = await this.claim(r);
      if (claimed && wasStopped) {
        await r.start();
        await this.claim(r);
        this.options.log?.('info', `${r.part} running here (${this.instanceId})`);
      } else if (!claimed && !wasStopped) {
        await r.stop();
        this.options.log?.('warn', `${r.part} was taken over by another process; standing by`);
      }
    }
  }

  /** Claims or renews the part, writing its state as it is now. */
  private claim(r: ClaimedRunner): Promise<boolean> {
    const s = r.status();
    return this.board.claim(r.part, this.instanceId, 3 * this.heartbeatMs, this.now(), {
      state: s.state === 'stopped' ? 'starting' : s.state,
      details: s.details,
    });
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}
