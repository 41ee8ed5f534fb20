import { ROLE_NAMES, RoleHost, parseRoles, type Role, type RoleName } from './role';

describe('parseRoles', () => {
  it('hosts every role when none or "all" is named, and none for "none"', () => {
    expect(parseRoles(undefined)).toEqual([...ROLE_NAMES]);
    expect(parseRoles('all')).toEqual([...ROLE_NAMES]);
    expect(parseRoles(' ')).toEqual([...ROLE_NAMES]);
    expect(parseRoles('none')).toEqual([]);
    expect(parseRoles(undefined, 'API_ROLES', 'none')).toEqual([]);
  });

  it('hosts the named roles once each, in a fixed order', () => {
    expect(parseRoles('pos-pollers, projector,projector')).toEqual(['projector', 'pos-pollers']);
  });

  it('names an unknown role, the variable and the roles there are', () => {
    expect(() => parseRoles('projector,joiner')).toThrow(
      `WORKER_ROLES: unknown role "joiner"; choose from ${ROLE_NAMES.join(', ')}, all or none`,
    );
  });
});

describe('RoleHost', () => {
  const role = (name: RoleName, trail: string[], failStop = false): Role => ({
    name,
    start: async () => void trail.push(`start ${name}`),
    stop: async () => {
      trail.push(`stop ${name}`);
      if (failStop) throw new Error('stuck');
    },
    report: async () => [{ part: name, state: 'running', ready: true }],
  });

  it('starts in order and stops in the reverse order, every role even when one fails to stop', async () => {
    const trail: string[] = [];
    const logs: string[] = [];
    const host = new RoleHost([role('projector', trail, true), role('pos-pollers', trail)], (_l, m) => logs.push(m));
    await host.startAll();
    await host.stopAll();
    expect(trail).toEqual(['start projector', 'start pos-pollers', 'stop pos-pollers', 'stop projector']);
    expect(logs).toContain('role projector did not stop cleanly: Error: stuck');
    expect(await host.reports()).toEqual([
      { role: 'projector', parts: [{ part: 'projector', state: 'running', ready: true }] },
      { role: 'pos-pollers', parts: [{ part: 'pos-pollers', state: 'running', ready: true }] },
    ]);
  });
});
