import { loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to port 3000 on all interfaces', () => {
    expect(loadConfig({})).toMatchObject({ port: 3000, host: '0.0.0.0', logLevel: 'info' });
  });

  it('reads PORT as a number', () => {
    expect(loadConfig({ PORT: '8080' }).port).toBe(8080);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });
});
