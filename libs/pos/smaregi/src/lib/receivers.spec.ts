import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PosSimulator } from '@regicam/pos/simulator';
import { SmaregiPlatformClient } from './platform-client';
import { parsePlatformWebhook, parseSmaregiPush, SmaregiPayloadError } from './receivers';

/** Our receiving end: whatever Smaregi POSTs is kept and answered by `answer`. */
const received: { headers: IncomingHttpHeaders; body: string }[] = [];
let answer: (headers: IncomingHttpHeaders, body: string) => unknown = () => ({});
const receiver: Server = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    received.push({ headers: req.headers, body });
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(answer(req.headers, body)));
  });
});
const sim = new PosSimulator();
let simUrl = '';
let receiverUrl = '';

beforeAll(async () => {
  simUrl = await sim.start(0);
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  sim.smaregi.addContract({ contractId: 'c9', accessToken: 't', clientId: 'app', clientSecret: 's' });
});
afterAll(async () => {
  await sim.stop();
  await new Promise((resolve) => receiver.close(resolve));
});

describe('API送信設定 push', () => {
  it('parses the pushed rows and answers how many TransactionHead rows it took', async () => {
    sim.smaregi.setClock(new Date('2024-05-01T12:00:00+09:00'));
    const ids = sim.smaregi.addRows('c9', [{ total: '1000', deposit: '1000' }, { total: 'oops' }]);
    sim.smaregi.setClock(null);
    const rows = ids.map((id) => sim.smaregi.contract('c9').rows.get(id)!);
    answer = (_headers, body) => parseSmaregiPush(body, 'c9').answer;
    const sent = await sim.smaregi.pushTo(`${receiverUrl}/push/c9`, 'c9', rows);
    expect(JSON.parse(sent.body)).toEqual({ result: [{ TransactionHead: 2 }] });
    const push = parseSmaregiPush(received[received.length - 1].body, 'c9');
    expect(push.transactions).toMatchObject([
      { transactionId: ids[0], total: 1000, occurredAt: '2024-05-01T12:00:00+09:00' },
    ]);
    expect(push.rejected).toMatchObject([{ reason: 'total "oops" is not a number' }]);
  });

  it('refuses a push without params', () => {
    expect(() => parseSmaregiPush('other=1', 'c9')).toThrow(SmaregiPayloadError);
    expect(() => parseSmaregiPush({ params: '{"data":' }, 'c9')).toThrow('not JSON');
  });
});

describe('Platform webhook', () => {
  it('names the ids, which the receiver then fetches', async () => {
    const [id] = sim.smaregi.addRows('c9', [{ total: '450', deposit: '500', charge: '50' }]);
    answer = () => ({});
    await sim.smaregi.webhookTo(`${receiverUrl}/webhook`, 'c9', [id]);
    const { headers, body } = received[received.length - 1];
    const hook = parsePlatformWebhook(headers, body);
    expect(hook).toMatchObject({ contractId: 'c9', action: 'created', transactionHeadIds: [id] });
    expect(hook.eventId).toMatch(/^[0-9a-f-]{36}$/);
    const client = new SmaregiPlatformClient({
      idBaseUrl: `${simUrl}/smaregi/id`,
      apiBaseUrl: `${simUrl}/smaregi/api`,
      contractId: 'c9',
      clientId: 'app',
      clientSecret: 's',
    });
    const [row] = await client.transactionsByIds(hook.transactionHeadIds);
    expect(row).toMatchObject({ transactionHeadId: id, total: '450', change: '50' });
  });

  it('refuses a webhook without its headers, of another event or another contract', () => {
    const body = { contractId: 'c9', event: 'pos:transactions', action: 'created', transactionHeadIds: ['1'] };
    const headers = { 'smaregi-contract-id': 'c9', 'smaregi-event': 'pos:transactions', 'smaregi-event-id': 'e1' };
    expect(parsePlatformWebhook(headers, body).transactionHeadIds).toEqual(['1']);
    expect(() => parsePlatformWebhook({}, body)).toThrow('lacks Smaregi-Contract-Id');
    expect(() => parsePlatformWebhook({ ...headers, 'smaregi-event': 'pos:products' }, body)).toThrow(
      'not pos:transactions',
    );
    expect(() => parsePlatformWebhook({ ...headers, 'smaregi-contract-id': 'c8' }, body)).toThrow('another contract');
    expect(() => parsePlatformWebhook(headers, { contractId: 'c9' })).toThrow('no transactionHeadIds');
  });
});
