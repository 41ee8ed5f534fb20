import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStores } from '@regicam/runtime';
import { createApp } from '../create-app';
import { loadConfig } from '../../config';

describe('the RegiCam HTTP process', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    const portalDir = mkdtempSync(join(tmpdir(), 'regicam-portal-'));
    writeFileSync(join(portalDir, 'index.html'), '<html><body>portal shell</body></html>');
    const config = loadConfig({
      PORT: '0',
      PORTAL_DIR: portalDir,
      LOG_LEVEL: 'silent',
      DATA_DIR: join(portalDir, 'data'),
    });
    app = await createApp(config, { stores: await openStores(config.stores) });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });

  afterAll(() => app.close());

  it('answers GET /api/health with {"status":"ok"}', async () => {
    const res = await fetch(`${base}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('serves the portal at / and for client-side routes', async () => {
    for (const path of ['/', '/dashboard']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('portal shell');
    }
  });

  it('answers an unknown API path with a JSON 404, not the portal', async () => {
    const res = await fetch(`${base}/api/no-such-thing`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      error: 'not_found',
      message: expect.stringContaining('/api/no-such-thing'),
    });
  });
});
