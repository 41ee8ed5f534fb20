import { WORKER_ROLES, parseRoles } from './roles';

describe('parseRoles', () => {
  it('hosts every role when none or "all" is named', () => {
    expect(parseRoles(undefined)).toEqual([...WORKER_ROLES]);
    expect(parseRoles('all')).toEqual([...WORKER_ROLES]);
    expect(parseRoles(' ')).toEqual([...WORKER_ROLES]);
  });

  it('hosts the named roles once each, in a fixed order', () => {
    expect(parseRoles('thumbnailer, relay,relay')).toEqual(['relay', 'thumbnailer']);
  });

  it('names an unknown role and the roles there are', () => {
    expect(() => parseRoles('relay,joiner')).toThrow(
      'WORKER_ROLES: unknown role "joiner"; choose from relay, join, thumbnailer, projector, pos-pollers, camera-gateway or all',
    );
  });
});
