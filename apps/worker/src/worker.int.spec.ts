import { OwnerAccounts, ScryptPasswordHasher } from '@regicam/accounts';
import { CameraDirectory } from '@regicam/cameras';
import { PosSimulator } from '@regicam/pos/simulator';
import { MongoReadStore } from '@regicam/read-store/mongodb';
import { freePort, requireServer, startProgram, uniqueName, type OwnedProcess } from '@regicam/testing/servers';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TOKEN = 'two-process-token-42';

/**
 * The API and a worker as two processes on the same stores (FerretDB for
 * the read store, one SQLite event store file), as production runs them:
 * the API does no background work; the worker projects and polls.
 */
describe('the API and a worker (projector, pos-pollers) as two processes', () => {
  const sim = new PosSimulator();
  const database = uniqueName('regicam-two').replace(/[^A-Za-z0-9_-]/g, '_');
  const dataDir = mkdtempSync(join(tmpdir(), 'regicam-two-'));
  let env: Record<string, string>;
  let apiPort: number;
  let api: OwnedProcess;
  let worker: OwnedProcess | undefined;
  let cookie = '';
  let read: MongoReadStore;

  const url = (path: string) => `http://127.0.0.1:${apiPort}${path}`;
  const ready = async () => (await fetch(url('/api/health/ready'))).status;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(url(path), {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  const until = async (what: string, check: () => Promise<boolean>, ms = 60_000) => {
    const deadline = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${worker?.logs() ?? ''}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const startWorker = async () =>
    startProgram({
      app: 'worker',
      env: { ...env, WORKER_ROLES: 'projector,pos-pollers', WORKER_PORT: String(await freePort()) },
      readyUrl: url('/api/health/ready'),
      readyStatus: 200,
      name: 'worker',
    });
  const transactions = async () =>
    (await call('GET', '/api/transactions?limit=200')).body.transactions as { transactionId: string }[];

  beforeAll(async () => {
    const mongoUrl = requireServer('MONGO_URL');
    const simUrl = await sim.start(0);
    sim.smaregi.addContract({ contractId: 'tp1', accessToken: TOKEN });
    apiPort = await freePort();
    env = {
      DATA_DIR: dataDir,
      EVENT_STORE: 'sqlite',
      READ_STORE: 'mongodb',
      MONGO_URL: mongoUrl,
      MONGO_DB: database,
      DEMO: 'off',
      POS_SIMULATOR: 'off',
      POS_POLL_INTERVAL_MS: '1000',
      SMAREGI_LEGACY_URL: `${simUrl}/smaregi/webapi/access/`,
      PUBLIC_URL: `http://127.0.0.1:${apiPort}`,
      LOG_LEVEL: 'info',
    };
    read = await MongoReadStore.connect(mongoUrl, { database });
    const accounts = await OwnerAccounts.open(read, { hasher: new ScryptPasswordHasher({ N: 2 ** 12 }) });
    const owner = await accounts.create(
      { email: 'two@example.com', password: 'correct horse battery', displayName: 'Two' },
      { id: randomUUID(), now: new Date() },
    );
    const cameras = await CameraDirectory.open(read);
    await cameras.add(
      { ownerId: owner.id, name: 'レジ上', model: 'CC-2L_SF', serial: 'TWO-1', posOption: { from: '2019-03-07' } },
      { id: randomUUID(), now: new Date().toISOString() },
    );
    api = await startProgram({
      app: 'api',
      env: { ...env, PORT: String(apiPort), HOST: '127.0.0.1' },
      readyUrl: url('/api/health'),
    });
    const login = await fetch(url('/api/auth/login'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'two@example.com', password: 'correct horse battery' }),
    });
    cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    await sim.stop();
    await read?.close();
  });

  it('the API alone hosts no role: not ready until a worker projects', async () => {
    expect(await ready()).toBe(503);
    const readiness = await (await fetch(url('/api/health/ready'))).json();
    expect(readiness.projections.map((p: { name: string; state: string }) => [p.name, p.state])).toEqual([
      ['links', 'stopped'],
      ['transactions', 'stopped'],
    ]);
    expect(readiness.roles).toEqual([]);
    worker = await startWorker();
    expect(await ready()).toBe(200);
  }, 120_000);

  it('links through the API; the worker polls the sales and projects them; the API lists them', async () => {
    const cameraId = (await call('GET', '/api/cameras')).body.cameras[0].cameraId;
    const link = await call('POST', '/api/links', { contractId: 'tp1', accessToken: TOKEN, terminalId: '1', cameraId });
    expect(link.status).toBe(201);
    expect((await call('GET', '/api/links')).body.links).toHaveLength(1);
    // POS times are whole seconds: sales rung up in the second of the link would come before it.
    await new Promise((r) => setTimeout(r, 1_100));
    sim.smaregi.addRows(
      'tp1',
      Array.from({ length: 5 }, (_, i) => ({ terminalId: '1', total: String(100 * (i + 1)), deposit: '1000' })),
    );
    await until('five sales listed by the API', async () => (await transactions()).length === 5);
  }, 120_000);

  it('a worker stopped with SIGTERM mid-poll finishes the poll; a new one loses and repeats nothing', async () => {
    sim.smaregiFaults.set({ delayMs: 1500 });
    sim.smaregi.addRows(
      'tp1',
      Array.from({ length: 20 }, (_, i) => ({ terminalId: '1', total: String(1000 + i), deposit: '5000' })),
    );
    const asked = sim.smaregi.requests.length;
    await until('a poll in flight', async () => sim.smaregi.requests.length > asked);
    // Graceful: the roles stop, the stores close, then the signal does its default.
    expect(await worker!.stop('SIGTERM')).toBe('SIGTERM');
    expect(worker!.logs()).toMatch(/role pos-pollers stopped/);
    expect(worker!.logs()).toMatch(/role projector stopped/);
    sim.smaregiFaults.reset();

    // The projector is stopped with the worker: the API is not ready, and says why.
    expect(await ready()).toBe(503);
    const polls = await read.collection<{ id: string; version: number; claimedBy: string | null }>('pos_polls');
    expect((await polls.get('smaregi:tp1'))?.claimedBy).toBeNull();

    worker = await startWorker();
    expect(await ready()).toBe(200);
    await until('all 25 sales listed', async () => (await transactions()).length === 25);
    const ids = (await transactions()).map((t) => t.transactionId);
    expect(new Set(ids).size).toBe(25);
    expect(api.logs()).not.toContain(TOKEN);
    expect(worker.logs()).not.toContain(TOKEN);
  }, 150_000);
});
