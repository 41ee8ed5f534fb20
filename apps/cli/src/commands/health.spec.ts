import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkHealth } from './health';

function serve(status: number, body: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/api/health' ? status : 404, { 'content-type': 'application/json' });
    res.end(body);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

describe('regicam health', () => {
  it('reports a server that answers {"status":"ok"} as healthy', async () => {
    const { server, url } = await serve(200, '{"status":"ok"}');
    await expect(checkHealth(url)).resolves.toEqual({ ok: true, message: `${url} is healthy` });
    server.close();
  });

  it('reports a wrong answer with its status code', async () => {
    const { server, url } = await serve(503, '{"status":"starting"}');
    const result = await checkHealth(url);
    expect(result.ok).toBe(false);
    expect(result.message).toContain('HTTP 503');
    server.close();
  });

  it('tells the user what to do when nothing listens', async () => {
    const { server, url } = await serve(200, '{}');
    await new Promise((r) => server.close(r));
    const result = await checkHealth(url);
    expect(result).toMatchObject({ ok: false });
    expect(result.message).toMatch(/ECONNREFUSED.*npm start/);
  });
});
