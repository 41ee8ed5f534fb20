/**
 * The stream roles a worker process can host. One process may host one
 * role, several, or all of them; scale-out runs more processes of a role,
 * and the consumer groups share the partitions between them.
 */
export const WORKER_ROLES = ['relay', 'join', 'thumbnailer', 'projector', 'pos-pollers', 'camera-gateway'] as const;

export type WorkerRole = (typeof WORKER_ROLES)[number];

/**
 * Reads a role list such as `relay,join` or `all`. An unknown role is an
 * error naming it and the roles there are.
 */
export function parseRoles(value: string | undefined): WorkerRole[] {
  const words = (value ?? 'all')
    .split(',')
    .map((w) => w.trim())
    .filter((w) => w.length > 0);
  if (words.length === 0 || words.includes('all')) return [...WORKER_ROLES];
  const unknown = words.filter((w) => !(WORKER_ROLES as readonly string[]).includes(w));
  if (unknown.length > 0) {
    throw new Error(
      `WORKER_ROLES: unknown role ${unknown.map((u) => `"${u}"`).join(', ')}; choose from ${WORKER_ROLES.join(', ')} or all`,
    );
  }
  return WORKER_ROLES.filter((r) => words.includes(r));
}
