import { startServer } from './server';

describe('startServer', () => {
  it('listens on a free port, serves, and stops at once despite a kept-alive connection', async () => {
    const server = await startServer((_req, res) => res.end('hello'));

    const answer = await fetch(`${server.url}/`, { headers: { connection: 'keep-alive' } });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await answer.text()).toBe('hello');

    await server.stop();
    await expect(fetch(`${server.url}/`)).rejects.toThrow();
  });

  it('rejects when the port is taken', async () => {
    const first = await startServer((_req, res) => res.end());
    const port = Number(new URL(first.url).port);

    await expect(startServer((_req, res) => res.end(), port)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await first.stop();
  });
});
