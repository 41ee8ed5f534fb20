import { terminalLinkDecider, terminalLinkStream, type TerminalLinkCommand } from '@regicam/domain';
import { Projector, handleCommand } from '@regicam/event-sourcing';
import { linkProjection, type LinkDocument } from '@regicam/links';
import { loadStoreConfig, openStores, type Stores } from '@regicam/runtime';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addCamera, createOwner } from './admin';
import { audit } from './audit';
import { replayAll } from './replay';

describe('regicam audit and replay, on the embedded stores', () => {
  let stores: Stores;
  let camA: string;
  let camB: string;
  let ownerId: string;
  const terminal = { provider: 'smaregi' as const, contractId: 'sc1', terminalId: '3' };

  const run = async (command: TerminalLinkCommand) =>
    handleCommand(stores.eventStore, terminalLinkStream(terminal), terminalLinkDecider, command, {
      eventIds: (events) => events.map(() => randomUUID()),
    });

  beforeAll(async () => {
    stores = await openStores(loadStoreConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'regicam-cli-')) }));
    ownerId = await createOwner(stores, { email: 'erin@example.com', password: 'correct horse battery', name: 'Erin' });
    camA = (
      await addCamera(stores, {
        ownerEmail: 'erin@example.com',
        name: 'A',
        model: 'm',
        serial: 's1',
        posFrom: '2019-01-01',
      })
    ).id;
    camB = (
      await addCamera(stores, {
        ownerEmail: 'erin@example.com',
        name: 'B',
        model: 'm',
        serial: 's2',
        posFrom: '2019-01-01',
      })
    ).id;
    const snapshot = (cameraId: string) => ({ cameraId, ownerId, posOption: { from: '2019-01-01' } });
    await run({
      type: 'CreateLink',
      data: { linkId: 'l-1', ownerId, terminal, camera: snapshot(camA), region: null },
      metadata: { actor: `owner:${ownerId}`, at: '2026-11-01T00:00:00.000Z' },
    });
    await run({
      type: 'RelinkTerminal',
      data: {
        linkId: 'l-1',
        newLinkId: 'l-2',
        ownerId,
        terminal,
        camera: snapshot(camB),
        region: { x: 0, y: 0, width: 0.5, height: 0.5 },
      },
      metadata: { actor: `owner:${ownerId}`, at: '2026-11-10T00:00:00.000Z' },
    });
    // The live read model, as the server's projector keeps it.
    const projector = new Projector(linkProjection(), stores.eventStore, stores.readStore);
    await projector.start();
    await projector.waitFor((await stores.eventStore.readAll()).at(-1)!.position);
    await projector.stop();
  });

  afterAll(() => stores.close());

  it('exports the history as CSV with actor and reason, in order', async () => {
    const csv = (await audit(stores, { format: 'csv', terminal: '3' })).trim().split('\n');
    expect(csv[0]).toBe('at,type,actor,reason,ownerId,linkId,provider,contractId,terminalId,cameraId,region');
    expect(csv.slice(1).map((l) => l.split(',').slice(0, 4).join(','))).toEqual([
      `2026-11-01T00:00:00.000Z,LinkCreated,owner:${ownerId},`,
      `2026-11-10T00:00:00.000Z,LinkRemoved,owner:${ownerId},relinked to camera ${camB}`,
      `2026-11-10T00:00:00.000Z,LinkCreated,owner:${ownerId},`,
    ]);
    expect(csv[3]).toContain('"{""x"":0,""y"":0,""width"":0.5,""height"":0.5}"');
  });

  it('exports the links in force at a time as NDJSON', async () => {
    const between = (await audit(stores, { format: 'ndjson', at: '2026-11-05T00:00:00+09:00' }))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(between.map((r) => [r.linkId, r.cameraId])).toEqual([['l-1', camA]]);
    const before = await audit(stores, { format: 'table', at: '2026-10-01T00:00:00Z' });
    expect(before).toBe('no link was in force at 2026-10-01T00:00:00.000Z\n');
    await expect(audit(stores, { format: 'table', at: 'soon' })).rejects.toThrow('--at must be an ISO 8601 time');
  });

  it('rebuilds the read model and finds it equal to the live one, then spots a tampered document', async () => {
    const lines: string[] = [];
    const [report] = await replayAll(stores, (line) => lines.push(line));
    expect(report).toMatchObject({ projection: 'links', events: 3, differences: [] });
    expect(lines.filter((l) => l.startsWith('links ')).at(-1)).toMatch(/links \[#+\] 3\/3 events/);

    const links = await stores.readStore.collection<LinkDocument>('links');
    const live = (await links.get('l-2'))!;
    await links.upsert({ ...live, version: live.version + 10, cameraId: 'someone-else' });
    const [tampered] = await replayAll(stores, () => undefined);
    expect(tampered.differences).toEqual([
      expect.objectContaining({ collection: 'links', id: 'l-2', rebuilt: expect.objectContaining({ cameraId: camB }) }),
    ]);
  });
});
