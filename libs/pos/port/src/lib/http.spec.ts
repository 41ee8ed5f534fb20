import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callPos, readJson } from './http';
import { PosUnavailableError } from './pos';

/**
 * `callPos` and `readJson` wrap `callVendor` of `@regicam/http` (whose spec
 * covers retries, timeouts, redirects and redaction): what is the POS's own
 * here is the error class and the answer as text.
 */
describe('callPos', () => {
  const server = createServer((req, res) => {
    if (req.url === '/busy') res.writeHead(429, { 'retry-after': '60' }).end();
    else res.writeHead(200, { 'content-type': 'application/json' }).end('{"total_count":"0","result":[]}');
  });
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('answers with the status, headers and body as text', async () => {
    const got = await callPos('Smaregi', 'transaction_ref', `${base}/access`, {});

    expect(got).toEqual({ status: 200, headers: expect.any(Headers), text: '{"total_count":"0","result":[]}' });
    expect(readJson('Smaregi', 'transaction_ref', got)).toEqual({ total_count: '0', result: [] });
  });

  it('makes a POS that stays busy PosUnavailableError with the Retry-After it asked for', async () => {
    const error = await callPos('Ubiregi', 'checkouts', `${base}/busy`, {}, { maxDelayMs: 10 }).catch((e) => e);

    expect(error).toBeInstanceOf(PosUnavailableError);
    expect(error).toMatchObject({ message: 'Ubiregi checkouts: HTTP 429 after 1 attempt(s)', retryAfterMs: 60_000 });
  });

  it('makes a body that is not JSON PosUnavailableError', () => {
    const answer = { status: 200, headers: new Headers(), text: '<html>maintenance</html>' };

    expect(() => readJson('Smaregi', 'store_ref', answer)).toThrow(
      new PosUnavailableError('Smaregi store_ref: the answer (HTTP 200) is not JSON; try again later'),
    );
  });
});
