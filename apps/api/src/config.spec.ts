import { ROLE_NAMES } from '@regicam/roles';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to port 3000; the embedded default listens on this machine only and hosts every role', () => {
    expect(loadConfig({})).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      logLevel: 'info',
      embedded: true,
      roles: [...ROLE_NAMES],
    });
  });

  it('listens on every interface and hosts no role when the stores are shared', () => {
    const config = loadConfig({ READ_STORE: 'mongodb', MONGO_URL: 'mongodb://db/' });
    expect(config).toMatchObject({ host: '0.0.0.0', roles: [], embedded: false });
    expect(loadConfig({ READ_STORE: 'mongodb', MONGO_URL: 'mongodb://db/', API_ROLES: 'projector' }).roles).toEqual([
      'projector',
    ]);
  });

  it('reads HOST, PORT and TRUST_PROXY', () => {
    expect(loadConfig({ PORT: '8080', HOST: '0.0.0.0', TRUST_PROXY: '1' })).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      trustProxy: 1,
    });
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ API_ROLES: 'projector,dancing' })).toThrow(/API_ROLES: unknown role "dancing"/);
  });
});
