import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom, type Observable } from 'rxjs';
import { AuditApi } from './audit-api';
import { cameraPictureUrl } from './cameras-api';
import { LinksApi } from './links-api';
import { SmaregiApi } from './smaregi-api';
import { UbiregiApi } from './ubiregi-api';

describe('the API clients', () => {
  let http: HttpTestingController;
  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  /** Subscribes, answers the one request with `body`, and hands back the request and the answer. */
  async function exchange<T>(call: Observable<T>, url: string, body: object, status = 200) {
    const answer = firstValueFrom(call);
    const req = http.expectOne(url);
    req.flush(body, { status, statusText: String(status) });
    return { req: req.request, answer: await answer.catch((e: unknown) => e) };
  }

  it('removes several links in one request and answers the removed ids', async () => {
    const { req, answer } = await exchange(TestBed.inject(LinksApi).remove(['l-1', 'l-2']), '/api/links/delete', {
      removed: ['l-1', 'l-2'],
    });
    expect(req.method).toBe('POST');
    expect(req.body).toEqual({ linkIds: ['l-1', 'l-2'] });
    expect(answer).toEqual(['l-1', 'l-2']);
  });

  it('relinks with the region, and leaves the region out to keep it', async () => {
    const links = TestBed.inject(LinksApi);
    const region = { x: 0.1, y: 0.2, width: 0.3, height: 0.4 };
    const withRegion = await exchange(links.relink('l/1', 'cam-2', region), '/api/links/l%2F1/camera', {});
    expect(withRegion.req.method).toBe('PUT');
    expect(withRegion.req.body).toEqual({ cameraId: 'cam-2', region });
    const keep = await exchange(links.relink('l-1', 'cam-2'), '/api/links/l-1/camera', {});
    expect(keep.req.body).toEqual({ cameraId: 'cam-2' });
  });

  it('answers null for Ubiregi before it is connected (404), and passes other failures on', async () => {
    const ubiregi = TestBed.inject(UbiregiApi);
    const notYet = await exchange(ubiregi.connection(), '/api/ubiregi/terminals', { error: 'not_found' }, 404);
    expect(notYet.answer).toBeNull();
    const down = await exchange(ubiregi.connection(), '/api/ubiregi/terminals', { error: 'unavailable' }, 503);
    expect(down.answer).toMatchObject({ status: 503 });
  });

  it('asks the audit only for the filters that are set', async () => {
    const { req } = await exchange(
      TestBed.inject(AuditApi).history({ terminalId: '1', cameraId: '', from: '2026-11-01T00:00:00.000Z' }),
      '/api/audit/links?terminalId=1&from=2026-11-01T00:00:00.000Z',
      { events: [] },
    );
    expect(req.params.keys()).toEqual(['terminalId', 'from']);
  });

  it('asks for a new push secret of the contract', async () => {
    const { req, answer } = await exchange(
      TestBed.inject(SmaregiApi).newPushSecret('demo'),
      '/api/smaregi/contracts/demo/push-secret',
      { contractId: 'demo', pushUrl: 'http://x/webhooks/smaregi/demo/new' },
    );
    expect(req.method).toBe('POST');
    expect(answer).toBe('http://x/webhooks/smaregi/demo/new');
  });

  it('makes the picture URL of a camera, at a time when given', () => {
    expect(cameraPictureUrl('cam 1')).toBe('/api/cameras/cam%201/picture');
    expect(cameraPictureUrl('c', '2026-11-28T09:00:00.000Z')).toBe(
      '/api/cameras/c/picture?at=2026-11-28T09%3A00%3A00.000Z',
    );
  });
});
