import { CameraDirectory } from '@regicam/cameras';
import { loadStoreConfig, openStores, type Stores } from '@regicam/runtime';
import { REPO_ROOT, freePort, startProgram, type OwnedProcess } from '@regicam/testing/servers';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { addCamera, createOwner } from './admin';
import {
  cameraChanges,
  cliActor,
  parseClockOffset,
  rotateIngestToken,
  setClockOffset,
  setSource,
  sourceFromOptions,
  syncSafie,
} from './cameras';

const run = promisify(execFile);
/** The camera simulator's demo account (apps/camera-simulator): its key, and the POS option's item id. */
const DEMO_SAFIE_KEY = 'demo-safie-api-key';
const POS_ITEM_ID = 101;

describe('regicam camera source, clock-offset, token, sync and changes, on the embedded stores', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'regicam-cli-cameras-'));
  let sim: OwnedProcess;
  let simUrl: string;
  let stores: Stores;
  let cameraId: string;

  /** The built command, as an operator runs it, on the same data folder. */
  const regicam = (...args: string[]) =>
    run(process.execPath, [join(REPO_ROOT, 'dist', 'apps', 'cli', 'main.js'), ...args], {
      env: { ...process.env, DATA_DIR: dataDir, MESSAGE_LOG: 'sqlite', LOG_LEVEL: 'silent' },
    });

  beforeAll(async () => {
    stores = await openStores(loadStoreConfig({ DATA_DIR: dataDir }));
    await createOwner(stores, { email: 'cam@example.com', password: 'correct horse battery', name: 'Cam' });
    cameraId = (
      await addCamera(stores, {
        ownerEmail: 'cam@example.com',
        name: 'レジ',
        model: 'm',
        serial: 'CLI-1',
        posFrom: '2019-01-01',
      })
    ).id;
    const port = await freePort();
    simUrl = `http://127.0.0.1:${port}`;
    sim = await startProgram({
      app: 'camera-simulator',
      env: { SIM_PORT: String(port) },
      readyUrl: `${simUrl}/v2/devices`,
    });
  }, 60_000);
  afterAll(async () => {
    await stores.close();
    await sim?.stop();
  });

  it('sets the source and the clock offset, each change recorded with the operator as actor', async () => {
    const actor = cliActor();
    expect(actor).toMatch(/^cli:.+/);
    await setSource(stores, cameraId, sourceFromOptions({ simulator: 'demo-counter-1' }), actor);
    await setClockOffset(stores, cameraId, parseClockOffset('-7000'), actor);
    expect(await cameraChanges(stores, cameraId)).toEqual([
      expect.objectContaining({
        actor,
        field: 'source',
        from: null,
        to: { kind: 'simulator', deviceId: 'demo-counter-1' },
      }),
      expect.objectContaining({ actor, field: 'clockOffsetMs', from: 0, to: -7000 }),
    ]);
  });

  it('refuses two sources at once, none at all, and a clock offset that is not whole milliseconds', () => {
    expect(() => sourceFromOptions({ push: true, none: true })).toThrow(/exactly one/);
    expect(() => sourceFromOptions({})).toThrow(/exactly one/);
    expect(sourceFromOptions({ none: true })).toBeNull();
    expect(sourceFromOptions({ safie: 'd-1' })).toEqual({ kind: 'safie', deviceId: 'd-1' });
    expect(() => parseClockOffset('2.5s')).toThrow(/whole milliseconds/);
    expect(parseClockOffset('+2500')).toBe(2500);
  });

  it('makes an ingest token for push cameras only, and rotating it ends the old one', async () => {
    await expect(rotateIngestToken(stores, cameraId, 'cli:test')).rejects.toMatchObject({ field: 'source' });
    await setSource(stores, cameraId, { kind: 'push' }, 'cli:test');
    const first = await rotateIngestToken(stores, cameraId, 'cli:test');
    const second = await rotateIngestToken(stores, cameraId, 'cli:test');
    const directory = await CameraDirectory.open(stores.readStore);
    expect(await directory.authenticatePush(cameraId, first.token)).toBeNull();
    expect(await directory.authenticatePush(cameraId, second.token)).not.toBeNull();
  });

  it('adds the owner’s Safie cameras with the POS option, from the Safie settings (the simulator on its own)', async () => {
    const env = { SAFIE_URL: simUrl, SAFIE_API_KEY: DEMO_SAFIE_KEY, SAFIE_POS_ITEM_ID: String(POS_ITEM_ID) };
    const results = await syncSafie(stores, 'cam@example.com', 'cli:test', env);
    expect(results.map((r) => [r.deviceId, r.outcome])).toEqual([
      ['demo-counter-1', 'added'],
      ['demo-counter-2', 'added'],
      ['demo-counter-3', 'added'],
    ]);
    const camera = await (await CameraDirectory.open(stores.readStore)).get(results[0].cameraId ?? '');
    expect(camera).toMatchObject({
      name: 'レジ上 1',
      source: { kind: 'safie', deviceId: 'demo-counter-1' },
      posOption: { from: expect.stringMatching(/^\d{4}-\d\d-\d\d$/) },
      changes: [expect.objectContaining({ actor: 'cli:test' })],
    });
    expect((await syncSafie(stores, 'cam@example.com', 'cli:test', env)).map((r) => r.outcome)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    await expect(syncSafie(stores, 'cam@example.com', 'cli:test', { SAFIE_URL: simUrl })).rejects.toThrow(
      /SAFIE_API_KEY/,
    );
    await expect(
      syncSafie(stores, 'cam@example.com', 'cli:test', { ...env, SAFIE_POS_ITEM_ID: undefined }),
    ).rejects.toThrow(/SAFIE_POS_ITEM_ID/);
    await expect(syncSafie(stores, 'nobody@example.com', 'cli:test', env)).rejects.toThrow(/no owner/);
  });

  it('the built command prints the token alone on stdout, once, and takes a negative clock offset', async () => {
    const { stdout, stderr } = await regicam('camera', 'token', cameraId);
    const token = stdout.trim();
    expect(token).toMatch(/^rcit_[A-Za-z0-9_-]{43}$/);
    expect(stderr).toMatch(/shown this once/);
    const directory = await CameraDirectory.open(stores.readStore);
    expect(await directory.authenticatePush(cameraId, token)).toMatchObject({ id: cameraId });
    expect((await regicam('camera', 'clock-offset', cameraId, '-2500')).stdout).toMatch(/clock -2500 ms/);
    const changes = (await regicam('camera', 'changes', cameraId, '--format', 'ndjson')).stdout.trim().split('\n');
    expect(JSON.parse(changes.at(-1) ?? '')).toMatchObject({
      field: 'clockOffsetMs',
      from: -7000,
      to: -2500,
      actor: expect.stringMatching(/^cli:/),
    });
    expect(stdout + (await regicam('camera', 'changes', cameraId)).stdout).not.toMatch(/sha256/);
    await expect(regicam('camera', 'clock-offset', cameraId, '90000000')).rejects.toMatchObject({
      stderr: expect.stringMatching(/24 hours/),
    });
  }, 60_000);
});
