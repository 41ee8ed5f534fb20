import type { INestApplication } from '@nestjs/common';
import { OwnerAccounts, ScryptPasswordHasher } from '@regicam/accounts';
import { CameraDirectory, type NewCamera } from '@regicam/cameras';
import { openStores, type Stores } from '@regicam/runtime';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../app/create-app';
import { loadConfig } from '../config';

/**
 * The real RegiCam HTTP process on an ephemeral port, on the embedded
 * stores in a data folder of its own, for tests that talk HTTP to it.
 */
export class ApiHarness {
  app!: INestApplication;
  stores!: Stores;
  base = '';

  constructor(readonly dataDir = mkdtempSync(join(tmpdir(), 'regicam-api-'))) {}

  async start(): Promise<this> {
    const config = loadConfig({ PORT: '0', PORTAL_DIR: '', LOG_LEVEL: 'silent', DATA_DIR: this.dataDir, DEMO: 'off' });
    this.stores = await openStores(config.stores);
    this.app = await createApp(config, this.stores);
    await this.app.listen(0, '127.0.0.1');
    this.base = (await this.app.getUrl()).replace('[::1]', '127.0.0.1');
    return this;
  }

  async stop(): Promise<void> {
    await this.app.close();
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
}
