import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { DashboardApi, EVENT_SOURCE, dashboardEvent } from './dashboard-api';
import type { DashboardEvent, TransactionsPage } from './dashboard-types';

/** An EventSource the test writes into, as the server would. */
class FakeEventSource extends EventTarget {
  closed = false;
  constructor(readonly url: string) {
    super();
  }
  close(): void {
    this.closed = true;
  }
  send(event: string, data: string, lastEventId = ''): void {
    this.dispatchEvent(new MessageEvent(event, { data, lastEventId }));
  }
}

describe('the dashboard API client', () => {
  let http: HttpTestingController;
  const sources: FakeEventSource[] = [];
  beforeEach(() => {
    sources.length = 0;
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        {
          provide: EVENT_SOURCE,
          useValue: (url: string) => {
            const source = new FakeEventSource(url);
            sources.push(source);
            return source as unknown as EventSource;
          },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  it('asks for a camera day with kinds, a trimmed search and the cursor, leaving empty values out', async () => {
    const none = { count: 0, total: 0, deposit: 0, change: 0 };
    const page: TransactionsPage = {
      day: '2019-02-21',
      cameraId: 'cam 1',
      unlinked: false,
      transactions: [],
      nextCursor: null,
      totals: {
        payment: { ...none, count: 2, total: 550 },
        cancel: none,
        modify: none,
        delete: none,
      },
    };
    const answer = firstValueFrom(
      TestBed.inject(DashboardApi).transactions({
        cameraId: 'cam 1',
        date: '2019-02-21',
        kind: ['payment', 'cancel'],
        q: '  山田 ',
        cursor: 'c-2',
        limit: 50,
      }),
    );
    const req = http.expectOne((r) => r.url === '/api/transactions');
    expect(req.request.params.toString()).toBe(
      'cameraId=cam%201&date=2019-02-21&kind=payment,cancel&q=%E5%B1%B1%E7%94%B0&cursor=c-2&limit=50',
    );
    req.flush(page);
    expect(await answer).toEqual(page);

    void firstValueFrom(TestBed.inject(DashboardApi).transactions({ unlinked: true, q: ' ', kind: [] }));
    http.expectOne((r) => r.url === '/api/transactions' && r.params.toString() === 'unlinked=true').flush(page);
  });

  it('asks for a camera timeline over a range', () => {
    void firstValueFrom(TestBed.inject(DashboardApi).timeline('c/1', '2019-02-21T00:00:00Z', '2019-02-21T01:00:00Z'));
    const req = http.expectOne((r) => r.url === '/api/cameras/c%2F1/timeline');
    expect(req.request.params.get('from')).toBe('2019-02-21T00:00:00Z');
    expect(req.request.params.get('to')).toBe('2019-02-21T01:00:00Z');
    req.flush({ from: '', to: '', recorded: [], dark: [], markers: [], markerSlots: null });
  });

  it('hands on the stream events by name with their ids, skips what does not fit, and closes on unsubscribe', () => {
    const seen: DashboardEvent[] = [];
    const subscription = TestBed.inject(DashboardApi)
      .events()
      .subscribe((e) => seen.push(e));
    const [source] = sources;
    expect(source.url).toBe('/api/stream');
    const picture = { state: 'ready', url: '/a', url2x: '/b', width: 320, height: 180, frameAt: 'x' };
    const link = { linkId: 'l-1', cameraId: 'cam-2', status: 'active' };
    source.send('ready', JSON.stringify({ cursor: '0-0' }), '0-0');
    source.send(
      'row',
      JSON.stringify({ transactionKey: 'k-1', kind: 'payment', picture: { state: 'pending' } }),
      '7-0',
    );
    source.send('picture', JSON.stringify({ transactionKey: 'k-1', cameraId: 'cam-1', picture }), '7-1');
    source.send('link', JSON.stringify(link));
    source.send('picture', 'not json', '9-1');
    source.send('row', JSON.stringify({ kind: 'payment' }), '10-1');
    source.send('message', JSON.stringify({ transactionKey: 'k-2' }));
    source.send('reset', JSON.stringify({ cursor: '12-4' }), '12-4');
    expect(seen).toEqual([
      {
        type: 'row',
        id: '7-0',
        transaction: { transactionKey: 'k-1', kind: 'payment', picture: { state: 'pending' } },
      },
      { type: 'picture', id: '7-1', transactionKey: 'k-1', cameraId: 'cam-1', picture },
      { type: 'link', id: null, link },
      { type: 'reset', id: '12-4' },
    ]);
    subscription.unsubscribe();
    expect(source.closed).toBe(true);
    source.send('row', JSON.stringify({ transactionKey: 'k-3', picture: { state: 'pending' } }));
    expect(seen).toHaveLength(4);
  });

  it('reads nothing into an event whose payload is not an object', () => {
    expect(dashboardEvent('row', 'null', null)).toBeNull();
    expect(dashboardEvent('link', '"l-1"', null)).toBeNull();
    expect(dashboardEvent('logout', 'null', '3-3')).toEqual({ type: 'logout', id: '3-3' });
  });
});
