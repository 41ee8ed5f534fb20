import type { Projection } from '@regicam/event-sourcing';
import type { EventStore } from '@regicam/event-store';
import type { ReadStore } from '@regicam/read-store';
import { projectionPart } from './projector-role';
import type { PartReport, RoleHost } from './role';
import { isHeld, type StatusBoard } from './status-board';

/** A dependency to ping (a store, the message log); throws when it does not answer. */
export type DependencyCheck = { name: string; check: () => Promise<void> };

/** A set of parts reported by something other than a role of this process (the POS poll targets). */
export type ReportSection = { name: string; report: () => Promise<PartReport[]> };

export type DependencyReport = { name: string; ok: boolean; error?: string };

export type ProjectionReport = {
  name: string;
  /** running, restarting, failed, starting, or stopped (nobody holds it). */
  state: string;
  holder: string | null;
  checkpoint: string | null;
  /** Events of the projection after its checkpoint, up to `BEHIND_CAP` (then "at least"). */
  behind: number;
  lastError: string | null;
  ready: boolean;
};

export type Readiness = {
  ready: boolean;
  dependencies: DependencyReport[];
  projections: ProjectionReport[];
  /** The roles hosted by this process and their parts. */
  roles: { role: string; parts: PartReport[] }[];
  [section: string]: unknown;
};

const BEHIND_CAP = 1000;

/**
 * What `/api/health/ready` tells, the same in every process: each
 * dependency answers; each projection is run by some process (its claim is
 * live) in the state `running`, with how far it is behind; the roles this
 * process hosts are ready; and any further sections (poll targets) are
 * reported. Not ready (HTTP 503) when a dependency is down, a hosted part
 * is not ready, or (in a process that serves reads) a projection is not
 * running anywhere or failed.
 */
export class SystemHealth {
  constructor(
    private readonly deps: {
      dependencies: DependencyCheck[];
      events: EventStore;
      store: ReadStore;
      board: StatusBoard;
      projections: Projection[];
      host?: RoleHost;
      sections?: ReportSection[];
      /**
       * Whether a projection that no process runs makes this process
       * unready: yes for a process that serves reads (the API), no for a
       * worker, whose readiness is its own roles'. Reported either way.
       */
      projectionsGate?: boolean;
      now?: () => Date;
    },
  ) {}

  /** Liveness: the process answers. */
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  async readiness(): Promise<Readiness> {
    const dependencies = await Promise.all(this.deps.dependencies.map(checkOne));
    const storesUp = dependencies.every((d) => d.ok);
    const projections = storesUp ? await Promise.all(this.deps.projections.map((p) => this.projection(p))) : [];
    const roles = (await this.deps.host?.reports()) ?? [];
    const sections: Record<string, PartReport[]> = {};
    for (const s of this.deps.sections ?? []) sections[s.name] = storesUp ? await s.report() : [];
    const ready =
      storesUp &&
      (this.deps.projectionsGate === false || projections.every((p) => p.ready)) &&
      roles.every((r) => r.parts.every((p) => p.ready)) &&
      Object.values(sections).every((parts) => parts.every((p) => p.ready));
    return { ready, dependencies, projections, roles, ...sections };
  }

  private async projection(projection: Projection): Promise<ProjectionReport> {
    const now = this.deps.now?.() ?? new Date();
    const status = await this.deps.board.read(projectionPart(projection.name));
    const held = isHeld(status, now);
    const checkpoint = await this.deps.store.checkpoint(projection.name);
    const after = await this.deps.events.readAll({
      after: checkpoint ?? undefined,
      filter: projection.filter,
      maxCount: BEHIND_CAP,
    });
    const state = held ? (status?.state ?? 'starting') : 'stopped';
    return {
      name: projection.name,
      state,
      holder: held ? (status?.holder ?? null) : null,
      checkpoint,
      behind: after.length,
      lastError: (status?.details['lastError'] as string | null | undefined) ?? null,
      ready: held && state === 'running',
    };
  }
}

async function checkOne(d: DependencyCheck): Promise<DependencyReport> {
  try {
    await d.check();
    return { name: d.name, ok: true };
  } catch (error) {
    return { name: d.name, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
