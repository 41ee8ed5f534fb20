import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callVendor, readJson, redact, retryAfterMs, type UnavailableProblem, type Vendor } from './call-vendor';

const SECRET = 'sk-live-7f3a9c2e';

/** The error a port would define for its vendor being unavailable. */
class TestUnavailableError extends Error {
  constructor(
    message: string,
    readonly problem: UnavailableProblem,
  ) {
    super(message);
  }
}

const TEST: Vendor = { name: 'Test', unavailable: (message, problem) => new TestUnavailableError(message, problem) };

type Handler = (req: IncomingMessage, res: ServerResponse, hit: number) => void;

let server: Server;
let base = '';
let handler: Handler = (_req, res) => res.end('{}');
let hits = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    handler(req, res, hits);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
beforeEach(() => {
  hits = 0;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const answer = (status: number, body: string, headers: Record<string, string> = {}) =>
  ((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  }) satisfies Handler;

/** The error a promise rejects with, checked never to carry the secret. */
async function failure(promise: Promise<unknown>): Promise<TestUnavailableError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: Error) => e,
  );
  expect(error).toBeInstanceOf(TestUnavailableError);
  expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(SECRET);
  return error as TestUnavailableError;
}

const FAST = { baseDelayMs: 1, timeoutMs: 2_000 };

describe('callVendor', () => {
  it('waits out a 429 with Retry-After and returns the next answer', async () => {
    handler = (req, res, hit) =>
      hit === 1 ? answer(429, '{}', { 'retry-after': '0' })(req, res) : answer(200, '{"ok":true}')(req, res);

    const got = await callVendor(TEST, 'ping', `${base}/ping`, {}, FAST);

    expect(got.status).toBe(200);
    expect(readJson(TEST, 'ping', got)).toEqual({ ok: true });
    expect(hits).toBe(2);
  });

  it('gives up at once on a Retry-After beyond maxDelayMs, or waits the cap with wait-max', async () => {
    handler = answer(429, '{}', { 'retry-after': '60' });
    const error = await failure(callVendor(TEST, 'ping', `${base}/ping`, {}, { ...FAST, maxDelayMs: 10 }));
    expect(error.message).toBe('Test ping: HTTP 429 after 1 attempt(s)');
    expect(error.problem).toEqual({ kind: 'status', status: 429, retryAfterMs: 60_000 });
    expect(hits).toBe(1);

    hits = 0;
    handler = (req, res, hit) =>
      hit === 1 ? answer(429, '{}', { 'retry-after': '60' })(req, res) : answer(200, '{}')(req, res);
    const started = Date.now();
    const got = await callVendor(
      TEST,
      'ping',
      `${base}/ping`,
      {},
      { ...FAST, maxDelayMs: 10, longRetryAfter: 'wait-max' },
    );
    expect(got.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('retries 503 until the attempts run out, then throws the error the vendor names', async () => {
    handler = answer(503, `Service Unavailable ${SECRET}`);

    const error = await failure(callVendor(TEST, 'list', `${base}/list?token=${SECRET}`, {}, { ...FAST, attempts: 3 }));

    expect(error.message).toBe('Test list: HTTP 503 after 3 attempt(s)');
    expect(error.problem).toEqual({ kind: 'status', status: 503, retryAfterMs: undefined });
    expect(hits).toBe(3);
  });

  it('times out a slow answer and retries it', async () => {
    handler = (req, res) => {
      setTimeout(() => answer(200, '{}')(req, res), 300).unref();
    };

    const error = await failure(callVendor(TEST, 'slow', `${base}/slow`, {}, { ...FAST, timeoutMs: 30, attempts: 2 }));

    expect(error.message).toBe('Test slow: no answer within 30 ms after 2 attempt(s)');
    expect(hits).toBe(2);
  });

  it('calls a refused connection a network error, without the URL', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    const error = await failure(
      callVendor(TEST, 'down', `http://127.0.0.1:${port}/?key=${SECRET}`, {}, { ...FAST, attempts: 2 }),
    );

    expect(error.message).toBe('Test down: network error after 2 attempt(s)');
  });

  it('returns 401 to the caller without retrying', async () => {
    handler = answer(401, '{"error":"invalid_token"}');

    const got = await callVendor(TEST, 'me', `${base}/me`, { headers: { authorization: `Bearer ${SECRET}` } }, FAST);

    expect(got).toMatchObject({ status: 401, text: '{"error":"invalid_token"}' });
    expect(hits).toBe(1);
  });

  it('returns a binary body byte for byte (an image is never decoded as text)', async () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x80, 0xfe, 0xff, 0xd9]);
    handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg' });
      res.end(jpeg);
    };

    const got = await callVendor(TEST, 'image', `${base}/image`, {}, FAST);

    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/jpeg');
    expect(got.body.equals(jpeg)).toBe(true);
  });

  it('does not follow a redirect (a credential header must not go elsewhere)', async () => {
    handler = answer(302, '', { location: 'http://example.invalid/' });

    const got = await callVendor(TEST, 'moved', `${base}/moved`, {}, FAST);

    expect(got.status).toBe(302);
    expect(hits).toBe(1);
  });
});

describe('readJson', () => {
  it('makes a body that is not JSON the error the vendor names for unavailable, naming the status but not the body', async () => {
    handler = answer(200, `<html>${SECRET}</html>`);
    const got = await callVendor(TEST, 'page', `${base}/page`, {}, FAST);

    const error = await failure(Promise.resolve().then(() => readJson(TEST, 'page', got)));

    expect(error.message).toBe('Test page: the answer (HTTP 200) is not JSON; try again later');
  });
});

describe('redact', () => {
  it('takes every secret out of a body before it reaches a message', async () => {
    handler = answer(400, `{"error":"bad token ${SECRET}","again":"${SECRET}"}`);
    const got = await callVendor(TEST, 'bad', `${base}/bad`, {}, FAST);

    const words = redact(got.text, [SECRET, '']);

    expect(words).toBe('{"error":"bad token ***","again":"***"}');
    expect(redact('x'.repeat(5000), [])).toHaveLength(2000);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds or an HTTP date, and nothing else', () => {
    const now = Date.parse('2024-06-01T00:00:00Z');
    expect(retryAfterMs('2', now)).toBe(2000);
    expect(retryAfterMs(' 1.5 ', now)).toBe(1500);
    expect(retryAfterMs('-3', now)).toBe(0);
    expect(retryAfterMs('Sat, 01 Jun 2024 00:00:10 GMT', now)).toBe(10_000);
    expect(retryAfterMs('Fri, 31 May 2024 00:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('', now)).toBeUndefined();
  });
});
