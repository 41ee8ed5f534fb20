/**
 * The background roles a RegiCam process can host. One process may host
 * one role, several, or all of them (the embedded default); scale-out runs
 * more processes of a role: consumer groups share the partitions, and
 * claims in the read store share the rest.
 */
export const ROLE_NAMES = ['projector', 'pos-pollers', 'relay', 'camera-gateway', 'join', 'thumbnailer'] as const;

export type RoleName = (typeof ROLE_NAMES)[number];

/**
 * Reads a role list such as `relay,join`, `all` or `none`. An unknown role
 * is an error naming it and the roles there are.
 */
export function parseRoles(value: string | undefined, variable = 'WORKER_ROLES', fallback = 'all'): RoleName[] {
  const words = (value ?? fallback)
    .split(',')
    .map((w) => w.trim())
    .filter((w) => w.length > 0);
  if (words.includes('none')) return [];
  if (words.length === 0 || words.includes('all')) return [...ROLE_NAMES];
  const unknown = words.filter((w) => !(ROLE_NAMES as readonly string[]).includes(w));
  if (unknown.length > 0) {
    throw new Error(
      `${variable}: unknown role ${unknown.map((u) => `"${u}"`).join(', ')}; choose from ${ROLE_NAMES.join(', ')}, all or none`,
    );
  }
  return ROLE_NAMES.filter((r) => words.includes(r));
}

/** How one part of a role is doing (a projection, a consumer group, a camera). */
export type PartReport = {
  /** e.g. `projection:links`, `poll:smaregi:demo`. */
  part: string;
  state: string;
  /** False makes the process not ready. */
  ready: boolean;
  details?: Record<string, unknown>;
};

/**
 * A background role: started once the process is composed, stopped
 * gracefully (the work in hand ends, offsets and checkpoints are saved)
 * before the stores close.
 */
export interface Role {
  readonly name: RoleName;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The state of each of its parts, for readiness. */
  report(): Promise<PartReport[]>;
}

export type RoleLog = (level: 'info' | 'warn' | 'error', message: string) => void;

/**
 * The roles of one process: started in order, stopped in the reverse
 * order, each stop awaited, so a role that feeds another stops after it.
 */
export class RoleHost {
  private started: Role[] = [];

  constructor(
    readonly roles: readonly Role[],
    private readonly log: RoleLog = () => undefined,
  ) {}

  get names(): RoleName[] {
    return this.roles.map((r) => r.name);
  }

  async startAll(): Promise<void> {
    for (const role of this.roles) {
      await role.start();
      this.started.push(role);
      this.log('info', `role ${role.name} started`);
    }
  }

  async stopAll(): Promise<void> {
    const stopping = this.started.reverse();
    this.started = [];
    for (const role of stopping) {
      try {
        await role.stop();
        this.log('info', `role ${role.name} stopped`);
      } catch (error) {
        this.log('error', `role ${role.name} did not stop cleanly: ${String(error)}`);
      }
    }
  }

  async reports(): Promise<{ role: RoleName; parts: PartReport[] }[]> {
    return Promise.all(this.roles.map(async (r) => ({ role: r.name, parts: await r.report() })));
  }
}
