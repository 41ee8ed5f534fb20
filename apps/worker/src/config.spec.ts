import { ROLE_NAMES } from '@regicam/roles';
import { loadWorkerConfig } from './config';

describe('loadWorkerConfig', () => {
  it('hosts every role by default, with its health on port 3100', () => {
    expect(loadWorkerConfig({})).toMatchObject({ roles: [...ROLE_NAMES], port: 3100 });
  });

  it('hosts the roles WORKER_ROLES names', () => {
    expect(loadWorkerConfig({ WORKER_ROLES: 'pos-pollers', WORKER_PORT: '0' })).toMatchObject({
      roles: ['pos-pollers'],
      port: 0,
    });
    expect(() => loadWorkerConfig({ WORKER_ROLES: 'joiner' })).toThrow(/WORKER_ROLES: unknown role "joiner"/);
  });
});
