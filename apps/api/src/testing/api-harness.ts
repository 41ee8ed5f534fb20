import type { INestApplication } from '@nestjs/common';
import { OwnerAccounts, ScryptPasswordHasher } from '@regicam/accounts';
import { CameraDirectory, type NewCamera } from '@regicam/cameras';
import { PosSimulator } from '@regicam/pos/simulator';
import { waitForCheckpoint } from '@regicam/event-sourcing';
import { SIMULATED_UBIREGI_CLIENT } from '@regicam/pos/connections';
import { ensureRegiCamTopics, openStores, type Stores } from '@regicam/runtime';
import { linkProjection } from '@regicam/links';
import { freePort } from '@regicam/testing/servers';
import { PosPoller, transactionProjection } from '@regicam/transactions';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createApp } from '../app/create-app';
import { loadConfig } from '../config';

/**
 * The real RegiCam HTTP process on a free port, on the embedded stores in
 * a data folder of its own, for tests that talk HTTP to it. With `pos`, the
 * POS URLs point at a simulator of the vendors' APIs started beside it; the
 * pollers do not run on their own (tests call `pollNow`). Every topic is
 * created, as the embedded default does; no camera simulator runs. Logs are kept in
 * `logs` (debug level) so tests can read what was written.
 */
export class ApiHarness {
  app!: INestApplication;
  stores!: Stores;
  base = '';
  logs = '';
  readonly sim = new PosSimulator();

  constructor(
    readonly dataDir = mkdtempSync(join(tmpdir(), 'regicam-api-')),
    private readonly options: { pos?: boolean; env?: Record<string, string> } = {},
  ) {}

  async start(): Promise<this> {
    const port = await freePort();
    const simUrl = this.options.pos ? this.sim.url || (await this.sim.start(0)) : '';
    const logStream = new Writable({
      write: (chunk, _encoding, done) => {
        this.logs += chunk.toString();
        done();
      },
    });
    const config = loadConfig({
      PORT: String(port),
      PORTAL_DIR: '',
      LOG_LEVEL: 'debug',
      DATA_DIR: this.dataDir,
      DEMO: 'off',
      POS_SIMULATOR: 'off',
      POS_POLLING: 'off',
      CAMERA_SIMULATOR: 'off',
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      ...(simUrl
        ? {
            SMAREGI_LEGACY_URL: `${simUrl}/smaregi/webapi/access/`,
            SMAREGI_ID_URL: `${simUrl}/smaregi/id`,
            SMAREGI_API_URL: `${simUrl}/smaregi/api`,
            UBIREGI_URL: `${simUrl}/ubiregi`,
            UBIREGI_CLIENT_ID: SIMULATED_UBIREGI_CLIENT.clientId,
            UBIREGI_CLIENT_SECRET: SIMULATED_UBIREGI_CLIENT.clientSecret,
          }
        : {}),
      ...this.options.env,
    });
    this.stores = await openStores(config.stores);
    await ensureRegiCamTopics(this.stores.messageLog, config.stores.messageLog);
    this.app = await createApp({ ...config, logStream }, { stores: this.stores });
    await this.app.listen(port, '127.0.0.1');
    this.base = `http://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    await this.app.close();
  }

  async stopAll(): Promise<void> {
    await this.stop();
    await this.sim.stop();
  }

  /** The POS poller of this process (it polls only when asked: POS_POLLING=off). */
  get poller(): PosPoller {
    return this.app.get(PosPoller);
  }

  /** Polls every POS contract now and waits until the transactions read model has caught up. */
  async pollNow(): Promise<void> {
    await this.poller.pollNow();
    await this.projected('transactions');
  }

  /** Waits until a projection of this process has caught up with the event store. */
  async projected(projection: 'links' | 'transactions'): Promise<void> {
    const filter = (projection === 'links' ? linkProjection() : transactionProjection()).filter;
    const last = (await this.stores.eventStore.readAll({ filter })).at(-1);
    if (!last) return;
    const { eventStore, readStore } = this.stores;
    if (!(await waitForCheckpoint(eventStore, readStore, projection, last.position, { timeoutMs: 10_000 })))
      throw new Error(
        `projection ${projection} did not catch up with ${last.position}; its log:\n` +
          this.logs
            .split('\n')
            .filter((l) => l.includes(projection) && /warn|error|fail/i.test(l))
            .slice(-5)
            .join('\n'),
      );
  }

  /** An owner with cameras, made directly in the stores (as `regicam owner create` does). */
  async owner(
    email: string,
    cameras: Omit<NewCamera, 'ownerId'>[] = [],
  ): Promise<{ id: string; email: string; password: string; cameraIds: string[] }> {
    // A cheaper scrypt than production's: the stored hash names its own parameters.
    const accounts = await OwnerAccounts.open(this.stores.readStore, {
      hasher: new ScryptPasswordHasher({ N: 2 ** 12 }),
    });
    const password = 'correct horse battery';
    const owner = await accounts.create({ email, password, displayName: email }, { id: randomUUID(), now: new Date() });
    const directory = await CameraDirectory.open(this.stores.readStore);
    const cameraIds: string[] = [];
    for (const c of cameras) {
      cameraIds.push(
        (await directory.add({ ...c, ownerId: owner.id }, { id: randomUUID(), now: new Date().toISOString() })).id,
      );
    }
    return { id: owner.id, email, password, cameraIds };
  }

  /** Logs in and returns a client that sends the session cookie. */
  async login(email: string, password: string): Promise<ApiClient> {
    const res = await fetch(`${this.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
    return new ApiClient(this.base, cookie);
  }
}

/**
 * The owner's browser on the simulated Ubiregi's consent page, signing in
 * and pressing 許可する (`allow`) or 許可しない (`deny`); answers where Ubiregi
 * sends the browser back (the callback URL).
 */
export async function ubiregiConsent(
  url: string,
  account: { login: string; password: string },
  decision: 'allow' | 'deny',
): Promise<string> {
  const html = await (await fetch(url)).text();
  if (!html.includes('許可する')) throw new Error(`not Ubiregi's consent page: ${html.slice(0, 200)}`);
  const action = (/<form method="post" action="([^"]+)"/.exec(html)?.[1] ?? '').replace(/&amp;/g, '&');
  const form = new URLSearchParams();
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g))
    form.set(name, value.replace(/&amp;/g, '&'));
  form.set('login', account.login);
  form.set('password', account.password);
  form.set('decision', decision);
  const posted = await fetch(new URL(action, url), { method: 'POST', body: form, redirect: 'manual' });
  return posted.headers.get('location') ?? '';
}

export class ApiClient {
  constructor(
    readonly base: string,
    readonly cookie: string,
  ) {}

  async call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { cookie: this.cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  /** A GET that does not follow redirects; answers the status and where it points. */
  async redirect(path: string): Promise<{ status: number; location: string | null }> {
    const res = await fetch(`${this.base}${path}`, { headers: { cookie: this.cookie }, redirect: 'manual' });
    return { status: res.status, location: res.headers.get('location') };
  }
}
