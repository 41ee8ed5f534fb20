import { ApiHarness, type ApiClient } from '../../testing/api-harness';

const camera = (name: string, serial: string, from: string | null = '2019-03-07') => ({
  name,
  model: 'CC-2L_SF',
  serial,
  posOption: from ? { from } : null,
});

describe('links over HTTP, on the embedded stores', () => {
  const api = new ApiHarness(undefined, { pos: true });
  let alice: ApiClient;
  let bob: ApiClient;
  let aliceCams: string[];
  let bobCams: string[];

  beforeAll(async () => {
    await api.start();
    api.sim.smaregi.addContract({
      contractId: 'sc1234',
      accessToken: 'tok-0123456789abcdef',
      terminals: ['1', '2', '3', '5', '7'].map((terminalId) => ({
        terminalId,
        terminalName: `レジ${terminalId}`,
        storeId: '1',
      })),
    });
    const a = await api.owner('alice@example.com', [
      camera('レジ上', 'A-1'),
      camera('入口', 'A-2'),
      camera('倉庫', 'A-3', null),
      camera('2号店', 'A-4', '2999-01-01'),
    ]);
    const b = await api.owner('bob@example.com', [camera('bob', 'B-1')]);
    aliceCams = a.cameraIds;
    bobCams = b.cameraIds;
    alice = await api.login(a.email, a.password);
    bob = await api.login(b.email, b.password);
  });

  afterAll(() => api.stopAll());

  const smaregi = (terminalId: string, cameraId: string, extra: object = {}) => ({
    contractId: 'sc1234',
    accessToken: 'tok-0123456789abcdef',
    terminalId,
    cameraId,
    ...extra,
  });

  it('refuses requests without a session', async () => {
    const res = await fetch(`${api.base}/api/links`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: 'unauthorized' });
  });

  it('lists only the cameras with the POS option, saying which can be linked now', async () => {
    const { status, body } = await alice.call('GET', '/api/cameras');
    expect(status).toBe(200);
    expect(body.cameras.map((c: { name: string; linkable: boolean }) => [c.name, c.linkable])).toEqual([
      ['2号店', false],
      ['レジ上', true],
      ['入口', true],
    ]);
  });

  it('creates a link, shows it with the token masked, and never answers the token', async () => {
    const created = await alice.call(
      'POST',
      '/api/links',
      smaregi('1', aliceCams[0], { region: { x: 0, y: 0, width: 0.5, height: 1 } }),
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      provider: 'smaregi',
      contractId: 'sc1234',
      terminalId: '1',
      cameraId: aliceCams[0],
      cameraName: 'レジ上',
    });
    expect(created.body.accessToken).toMatch(/^•+cdef$/);
    const listed = await alice.call('GET', '/api/links');
    expect(listed.body.links).toHaveLength(1);
    expect(JSON.stringify(listed.body)).not.toContain('tok-0123456789abcdef');
  });

  it('answers 400 naming the field that is wrong', async () => {
    const noToken = await alice.call('POST', '/api/links', { ...smaregi('2', aliceCams[0]), accessToken: '' });
    expect(noToken.status).toBe(400);
    expect(noToken.body.details).toEqual([{ field: 'accessToken', message: 'accessToken is required' }]);
    const badRegion = await alice.call(
      'POST',
      '/api/links',
      smaregi('2', aliceCams[0], { region: { x: 0.8, y: 0, width: 0.5, height: 1 } }),
    );
    expect(badRegion.status).toBe(400);
    expect(badRegion.body.details[0].field).toBe('region.width');
    const noOption = await alice.call('POST', '/api/links', smaregi('2', aliceCams[2]));
    expect(noOption).toMatchObject({ status: 400, body: { error: 'pos_option_missing' } });
    const notYet = await alice.call('POST', '/api/links', smaregi('2', aliceCams[3]));
    expect(notYet.status).toBe(400);
    expect(notYet.body.message).toContain('from 2999-01-01');
  });

  it('keeps one camera per terminal: a second link answers 409', async () => {
    const again = await alice.call('POST', '/api/links', smaregi('1', aliceCams[1]));
    expect(again).toMatchObject({ status: 409, body: { error: 'terminal_already_linked' } });
  });

  it("shows another owner nothing of Alice's, and answers 404 for her link and camera", async () => {
    const [link] = (await alice.call('GET', '/api/links')).body.links;
    expect((await bob.call('GET', '/api/links')).body.links).toEqual([]);
    expect((await bob.call('PUT', `/api/links/${link.linkId}/camera`, { cameraId: bobCams[0] })).status).toBe(404);
    expect((await bob.call('POST', '/api/links/delete', { linkIds: [link.linkId] })).status).toBe(404);
    expect((await bob.call('POST', '/api/links', smaregi('7', aliceCams[0]))).status).toBe(404);
    expect((await bob.call('GET', '/api/audit/links')).body.events).toEqual([]);
    expect((await alice.call('GET', '/api/links')).body.links).toHaveLength(1);
  });

  it('lets exactly one of two concurrent links of one terminal through', async () => {
    const results = await Promise.all([
      alice.call('POST', '/api/links', smaregi('5', aliceCams[0])),
      alice.call('POST', '/api/links', smaregi('5', aliceCams[1])),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const links = (await alice.call('GET', '/api/links')).body.links.filter(
      (l: { terminalId: string }) => l.terminalId === '5',
    );
    expect(links).toHaveLength(1);
  });

  it('relinks, deletes several at once, and the audit replays every step and the state between them', async () => {
    const first = (await alice.call('POST', '/api/links', smaregi('3', aliceCams[0]))).body;
    const t1 = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const moved = await alice.call('PUT', `/api/links/${first.linkId}/camera`, { cameraId: aliceCams[1] });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ terminalId: '3', cameraId: aliceCams[1] });
    const t2 = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const five = (await alice.call('GET', '/api/links')).body.links.find(
      (l: { terminalId: string }) => l.terminalId === '5',
    );
    const removed = await alice.call('POST', '/api/links/delete', { linkIds: [moved.body.linkId, five.linkId] });
    expect(removed).toEqual({ status: 200, body: { removed: [moved.body.linkId, five.linkId] } });
    expect((await alice.call('GET', '/api/links')).body.links.map((l: { terminalId: string }) => l.terminalId)).toEqual(
      ['1'],
    );

    const history = (await alice.call('GET', '/api/audit/links?terminalId=3')).body.events;
    expect(history.map((e: { type: string; cameraId: string }) => [e.type, e.cameraId])).toEqual([
      ['LinkCreated', aliceCams[0]],
      ['LinkRemoved', aliceCams[0]],
      ['LinkCreated', aliceCams[1]],
      ['LinkRemoved', aliceCams[1]],
    ]);
    expect(history[1].reason).toBe(`relinked to camera ${aliceCams[1]}`);
    expect(history[3]).toMatchObject({
      reason: 'removed by the owner',
      actor: expect.stringMatching(/^owner:/),
      actorName: 'alice@example.com',
      actorEmail: 'alice@example.com',
    });

    const at = async (t: string) =>
      (await alice.call('GET', `/api/audit/links/state?at=${encodeURIComponent(t)}`)).body.links
        .filter((l: { terminalId: string }) => l.terminalId === '3')
        .map((l: { cameraId: string }) => l.cameraId);
    expect(await at(t1)).toEqual([aliceCams[0]]);
    const stateAtT1 = (await alice.call('GET', `/api/audit/links/state?at=${encodeURIComponent(t1)}`)).body.links;
    expect(stateAtT1.find((l: { terminalId: string }) => l.terminalId === '3')).toMatchObject({
      linkedByName: 'alice@example.com',
      linkedByEmail: 'alice@example.com',
    });
    expect(await at(t2)).toEqual([aliceCams[1]]);
    expect(await at(new Date().toISOString())).toEqual([]);
    expect((await alice.call('GET', '/api/audit/links/state?at=yesterday')).body.details[0].field).toBe('at');
  });

  it('keeps everything across a restart of the process', async () => {
    const before = (await alice.call('GET', '/api/links')).body;
    const audit = (await alice.call('GET', '/api/audit/links')).body;
    await api.stop();
    const again = await new ApiHarness(api.dataDir, { pos: true }).start();
    try {
      const client = await again.login('alice@example.com', 'correct horse battery');
      expect((await client.call('GET', '/api/links')).body).toEqual(before);
      expect((await client.call('GET', '/api/audit/links')).body).toEqual(audit);
    } finally {
      await again.stopAll();
      await api.start();
    }
  });
});
