import { generateStoreDay } from '@regicam/pos/simulator';
import { toPosTransactions } from '@regicam/pos/smaregi';
import { ApiHarness, ubiregiConsent, type ApiClient } from '../../testing/api-harness';

const TOKEN = 'smaregi-secret-token-9f8e7d';
const camera = { name: 'レジ上', model: 'CC-2L_SF', serial: 'P-1', posOption: { from: '2019-03-07' } };

/** Transactions recorded in the event store, by id, with how many times each. */
async function recorded(api: ApiHarness, provider: string): Promise<Map<string, number>> {
  const events = await api.stores.eventStore.readAll({ filter: { eventTypes: ['TransactionReceived.v1'] } });
  const counts = new Map<string, number>();
  for (const e of events) {
    const d = e.data as { provider: string; contractId: string; transactionId: string };
    if (d.provider !== provider) continue;
    const key = `${d.contractId}:${d.transactionId}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

describe('POS connectors through the API, against the simulators of the vendors’ APIs', () => {
  const api = new ApiHarness(undefined, { pos: true });
  let owner: ApiClient;
  let cameraId: string;
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

  beforeAll(async () => {
    await api.start();
    api.sim.smaregi.addContract({ contractId: 'sc1', accessToken: TOKEN });
    api.sim.smaregi.addContract({ contractId: 'scoff', accessToken: TOKEN, transactionsReadEnabled: false });
    const o = await api.owner('pos@example.com', [camera]);
    cameraId = o.cameraIds[0];
    owner = await api.login(o.email, o.password);
  });
  afterAll(() => api.stopAll());

  const link = (contractId: string, accessToken: string, terminalId: string) =>
    owner.call('POST', '/api/links', { contractId, accessToken, terminalId, cameraId });

  /** The push URL the portal shows for the contract (API送信設定), with its secret. */
  const pushUrl = async (contractId: string): Promise<string> => {
    const { body } = await owner.call('GET', '/api/smaregi/contracts');
    const found = body.contracts.find((c: { contractId: string }) => c.contractId === contractId);
    return found.pushUrl.replace(/^http:\/\/127\.0\.0\.1:\d+/, api.base);
  };

  describe('Smaregi', () => {
    it('checks the credentials and the register with Smaregi before linking (422 with the reason)', async () => {
      const badToken = await link('sc1', 'not-the-token', '1');
      expect(badToken).toMatchObject({
        status: 422,
        body: { error: 'pos_rejected', details: [{ field: 'accessToken', reason: 'credentials' }] },
      });
      const featureOff = await link('scoff', TOKEN, '1');
      expect(featureOff.body.details[0].reason).toBe('permission');
      expect(featureOff.body.message).toContain('取引情報参照');
      const noRegister = await link('sc1', TOKEN, '99');
      expect(noRegister).toMatchObject({
        status: 422,
        body: { details: [{ field: 'terminalId', reason: 'terminal' }] },
      });
      expect((await owner.call('GET', '/api/links')).body.links).toEqual([]);
      expect((await link('sc1', TOKEN, '1')).status).toBe(201);
    });

    it('records a generated day exactly once, with cancels of rows already read and pushes that repeat polls', async () => {
      api.sim.smaregi.loadDay(
        'sc1',
        generateStoreDay({ seed: 11, date: tomorrow, terminals: ['1', '2', '3'], count: 60 }),
      );
      await api.pollNow();
      const expected = toPosTransactions([...api.sim.smaregi.contract('sc1').rows.values()], 'sc1').transactions.map(
        (t) => `sc1:${t.transactionId}`,
      );
      let counts = await recorded(api, 'smaregi');
      expect([...counts.keys()].sort()).toEqual([...new Set(expected)].sort());
      expect([...counts.values()].every((n) => n === 1)).toBe(true);

      // A later 取消 changes a row already read: the next poll records the cancel, once.
      const payment = [...api.sim.smaregi.contract('sc1').rows.values()].find(
        (r) => r.cancelDivision !== '1' && r.transactionHeadDivision === '1',
      )!;
      api.sim.smaregi.cancel('sc1', payment.transactionHeadId, new Date(Date.parse(`${tomorrow}T23:00:00+09:00`)));
      await api.pollNow();
      await api.pollNow();
      // Smaregi pushes the same rows (API送信設定): nothing new is stored.
      const pushed = await api.sim.smaregi.pushTo(await pushUrl('sc1'), 'sc1', [
        ...api.sim.smaregi.contract('sc1').rows.values(),
      ]);
      expect(pushed.status).toBe(200);
      counts = await recorded(api, 'smaregi');
      expect(counts.get(`sc1:${payment.transactionHeadId}#cancel`)).toBe(1);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      expect(counts.size).toBe(new Set(expected).size + 1);
    });

    it('loses nothing to 429s, 5xx and slow answers, and tells the operator the contract is failing meanwhile', async () => {
      const before = (await recorded(api, 'smaregi')).size;
      api.sim.smaregi.addRows('sc1', [
        {
          terminalId: '2',
          total: '880',
          deposit: '1000',
          charge: '120',
          transactionDateTime: `${tomorrow} 12:00:00`,
          terminalTranDateTime: `${tomorrow} 12:00:00`,
          updDateTime: `${tomorrow} 23:30:00`,
        },
      ]);
      api.sim.smaregiFaults.set({ next5xx: 20 });
      await api.pollNow();
      expect(await api.poller.status('smaregi:sc1')).toMatchObject({ status: 'failing', failures: 1 });
      api.sim.smaregiFaults.reset();
      api.sim.smaregiFaults.set({ next429: 2 });
      await api.pollNow();
      expect(await api.poller.status('smaregi:sc1')).toMatchObject({ status: 'ok', failures: 0 });
      const counts = await recorded(api, 'smaregi');
      expect(counts.size).toBe(before + 1);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
    });

    it('reads pushed rows back from Smaregi: a malformed row there is set aside with the reason, the good ones kept', async () => {
      const row = (id: string, total: string) => ({
        transactionHeadId: id,
        terminalId: '1',
        terminalTranDateTime: `${tomorrow} 13:00:00`,
        transactionDateTime: `${tomorrow} 13:00:00`,
        updDateTime: `${tomorrow} 13:00:00`,
        total,
        deposit: '500',
        charge: '0',
        subtotal: '500',
        slipNumber: id,
      });
      api.sim.smaregi.addRows('sc1', [row('9001', '500'), row('9002', 'lots')]);
      const rows = [...api.sim.smaregi.contract('sc1').rows.values()].filter((r) =>
        ['9001', '9002'].includes(r.transactionHeadId),
      );
      const answer = await api.sim.smaregi.pushTo(await pushUrl('sc1'), 'sc1', rows);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ result: [{ TransactionHead: 2 }] });
      const counts = await recorded(api, 'smaregi');
      expect(counts.get('sc1:9001')).toBe(1);
      expect(counts.has('sc1:9002')).toBe(false);
      const dead = await api.stores.readStore.collection<{ id: string; version: number; reason: string; raw: string }>(
        'pos_dead_letters',
      );
      const letters = (await dead.find({ source: 'smaregi:sc1' })).items;
      expect(letters.map((l) => l.raw).join()).toContain('9002');
      expect(letters[0].reason).toMatch(/total/);
    });

    it('records nothing a push makes up: only rows Smaregi holds, read back with the stored credentials', async () => {
      const before = await recorded(api, 'smaregi');
      const forged = {
        ...[...api.sim.smaregi.contract('sc1').rows.values()][0],
        transactionHeadId: '999999999',
        terminalTranId: 'FORGED',
        total: '1',
      };
      const answer = await api.sim.smaregi.pushTo(await pushUrl('sc1'), 'sc1', [forged]);
      expect(answer.status).toBe(200);
      expect(await recorded(api, 'smaregi')).toEqual(before);
    });

    it('answers an unknown contract, a wrong secret and the old URL without a secret alike, and records nothing', async () => {
      const good = await pushUrl('sc1');
      const rows = [...api.sim.smaregi.contract('sc1').rows.values()].slice(0, 1);
      const answers = await Promise.all(
        [
          `${api.base}/webhooks/smaregi/unknown/${good.split('/').pop()}`,
          good.replace(/[^/]+$/, 'A'.repeat(43)),
          `${api.base}/webhooks/smaregi/sc1`,
        ].map(async (url) => {
          const a = await api.sim.smaregi.pushTo(url, 'sc1', rows);
          return { status: a.status, body: JSON.parse(a.body).error };
        }),
      );
      expect(answers).toEqual([
        { status: 404, body: 'not_found' },
        { status: 404, body: 'not_found' },
        { status: 404, body: 'not_found' },
      ]);
    });

    it('refuses a push naming too many transactions at once, and one with no or broken params, with 400', async () => {
      const url = await pushUrl('sc1');
      const many = Array.from({ length: 101 }, (_, i) => ({ transactionHeadId: String(20_000 + i) }));
      const tooMany = await api.sim.smaregi.pushTo(url, 'sc1', many as never);
      expect(tooMany.status).toBe(400);
      expect(JSON.parse(tooMany.body).message).toMatch(/at most 100/);
      const empty = await fetch(url, { method: 'POST' });
      expect(empty.status).toBe(400);
      const broken = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'params=%7Bnot%20json',
      });
      expect(broken.status).toBe(400);
      expect(await broken.json()).toMatchObject({ error: 'bad_request', message: 'The push params are not JSON' });
    });

    it('a new push secret stops the old URL at once', async () => {
      const old = await pushUrl('sc1');
      const rotated = await owner.call('POST', '/api/smaregi/contracts/sc1/push-secret');
      expect(rotated.status).toBe(200);
      expect(rotated.body.pushUrl).not.toBe(old);
      expect((await api.sim.smaregi.pushTo(old, 'sc1', [])).status).toBe(404);
      expect((await api.sim.smaregi.pushTo(await pushUrl('sc1'), 'sc1', [])).status).toBe(200);
      expect((await owner.call('POST', '/api/smaregi/contracts/nosuch/push-secret')).status).toBe(404);
    });

    it('links through the Platform API with an app’s client credentials; a webhook’s ids are fetched and recorded', async () => {
      api.sim.smaregi.addContract({
        contractId: 'sp1',
        accessToken: 'unused',
        clientId: 'app-id',
        clientSecret: 'app-secret-123456789',
      });
      const wrong = await owner.call('POST', '/api/links', {
        api: 'platform',
        contractId: 'sp1',
        clientId: 'app-id',
        clientSecret: 'nope',
        terminalId: '1',
        cameraId,
      });
      expect(wrong).toMatchObject({ status: 422, body: { details: [{ reason: 'credentials' }] } });
      const created = await owner.call('POST', '/api/links', {
        api: 'platform',
        contractId: 'sp1',
        clientId: 'app-id',
        clientSecret: 'app-secret-123456789',
        terminalId: '1',
        cameraId,
      });
      expect(created.status).toBe(201);
      expect(created.body.accessToken).toBe('••••••••6789');
      // Sales rung up after the link (the Platform API reads up to now).
      await new Promise((r) => setTimeout(r, 1100));
      api.sim.smaregi.addRows(
        'sp1',
        ['1', '1', '2'].map((terminalId, i) => ({
          terminalId,
          total: String(100 * (i + 1)),
          deposit: '1000',
          charge: String(1000 - 100 * (i + 1)),
        })),
      );
      const ids = [...api.sim.smaregi.contract('sp1').rows.keys()];
      const hook = await api.sim.smaregi.webhookTo(await pushUrl('sp1'), 'sp1', ids);
      // The webhook's ids are fetched and recorded at once, before any poll.
      expect(hook.status).toBe(200);
      expect(JSON.parse(hook.body)).toEqual({ accepted: true, fetched: 3, recorded: 3 });
      const counts = await recorded(api, 'smaregi');
      const expected = toPosTransactions([...api.sim.smaregi.contract('sp1').rows.values()], 'sp1').transactions;
      expect(expected).toHaveLength(3);
      expect(expected.every((t) => counts.get(`sp1:${t.transactionId}`) === 1)).toBe(true);
    });

    it('keeps recording the other contracts while one is refused by Smaregi', async () => {
      api.sim.smaregi.addContract({ contractId: 'sc2', accessToken: TOKEN });
      expect((await link('sc2', TOKEN, '1')).status).toBe(201);
      // The owner deletes the token at Smaregi (アクセストークン削除): sc2 is refused from now on.
      api.sim.smaregi.contract('sc2').accessToken = 'reissued-elsewhere';
      const before = (await recorded(api, 'smaregi')).size;
      api.sim.smaregi.addRows('sc1', [
        { terminalId: '3', total: '300', deposit: '300', charge: '0', updDateTime: `${tomorrow} 23:50:00` },
      ]);
      await api.pollNow();
      expect(await api.poller.status('smaregi:sc2')).toMatchObject({ status: 'needs_reconnect' });
      expect(await api.poller.status('smaregi:sc1')).toMatchObject({ status: 'ok' });
      expect((await recorded(api, 'smaregi')).size).toBe(before + 1);
    });

    it('forgets a contract’s credentials when its last link goes', async () => {
      const links = (await owner.call('GET', '/api/links')).body.links as { linkId: string; contractId: string }[];
      const sc2 = links.filter((l) => l.contractId === 'sc2').map((l) => l.linkId);
      expect((await owner.call('POST', '/api/links/delete', { linkIds: sc2 })).status).toBe(200);
      const contracts = (await owner.call('GET', '/api/smaregi/contracts')).body.contracts;
      expect(contracts.map((c: { contractId: string }) => c.contractId)).not.toContain('sc2');
      expect(contracts.map((c: { contractId: string }) => c.contractId)).toContain('sc1');
    });
  });

  describe('Ubiregi', () => {
    beforeAll(() => {
      api.sim.ubiregi.addAccount({
        id: 501,
        login: 'store501',
        password: 'ubi-password',
        clientId: 'regicam-local',
        clientSecret: 'regicam-local-secret',
        redirectUris: [`${api.base}/api/ubiregi/callback`],
        name: 'ユビレジ店',
      });
    });

    const consent = (url: string, decision: 'allow' | 'deny') =>
      ubiregiConsent(url, { login: 'store501', password: 'ubi-password' }, decision);

    it('許可しない brings the owner back with the refusal, and nothing is connected', async () => {
      const start = await owner.redirect('/api/ubiregi/connect');
      const back = await consent(start.location!, 'deny');
      const done = await owner.redirect(new URL(back).pathname + new URL(back).search);
      expect(done.location).toBe('/ubiregi?error=access_denied');
      expect((await owner.call('GET', '/api/ubiregi/terminals')).status).toBe(404);
    });

    it('connects once (OAuth2 with PKCE), lists the registers and assigns a camera, then records checkouts', async () => {
      const start = await owner.redirect('/api/ubiregi/connect');
      expect(start.status).toBe(302);
      expect(start.location).toContain('code_challenge_method=S256');
      const back = await consent(start.location!, 'allow');
      const done = await owner.redirect(new URL(back).pathname + new URL(back).search);
      expect(done.location).toBe('/ubiregi?connected=1');

      const terminals = await owner.call('GET', '/api/ubiregi/terminals');
      expect(terminals.status).toBe(200);
      expect(terminals.body).toMatchObject({ account: { id: '501' }, needsReconnect: false });
      const [register] = terminals.body.terminals;
      expect(register.cameraId).toBeNull();
      const assigned = await owner.call('PUT', `/api/ubiregi/terminals/${register.terminalId}`, { cameraId });
      expect(assigned.body).toMatchObject({ cameraId });
      expect((await owner.call('GET', '/api/links')).body.links.map((l: { provider: string }) => l.provider)).toContain(
        'ubiregi',
      );

      api.sim.ubiregi.advance(60_000);
      api.sim.ubiregi.loadDay(501, generateStoreDay({ seed: 5, date: tomorrow, terminals: ['501'], count: 20 }));
      api.sim.ubiregi.advance(86_400_000 * 2);
      await api.pollNow();
      await api.pollNow();
      const counts = await recorded(api, 'ubiregi');
      expect(counts.size).toBeGreaterThan(10);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);

      const unassigned = await owner.call('PUT', `/api/ubiregi/terminals/${register.terminalId}`, { cameraId: null });
      expect(unassigned.body).toMatchObject({ cameraId: null, linkId: null });
    });

    it('shows "needs reconnecting" when Ubiregi revokes the grant, instead of failing silently', async () => {
      api.sim.ubiregi.revoke(501);
      await api.pollNow();
      expect(await api.poller.status('ubiregi:501')).toMatchObject({ status: 'needs_reconnect' });
      expect((await owner.call('GET', '/api/ubiregi/terminals')).body.needsReconnect).toBe(true);
    });
  });

  it('never writes a POS token into a log or an answer', async () => {
    const answers = JSON.stringify(await owner.call('GET', '/api/links'));
    expect(answers).not.toContain(TOKEN);
    expect(api.logs.length).toBeGreaterThan(0);
    expect(api.logs).not.toContain(TOKEN);
    expect(api.logs).not.toContain('not-the-token');
    expect(api.logs).not.toMatch(/regicam_session=/);
  });
});
