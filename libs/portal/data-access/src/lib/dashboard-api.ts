import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, InjectionToken, inject } from '@angular/core';
import { Observable } from 'rxjs';
import {
  DASHBOARD_API,
  type CameraTimeline,
  type DashboardEvent,
  type DashboardTransaction,
  type LinkChange,
  type TransactionPicture,
  type TransactionsPage,
  type TransactionsQuery,
} from './dashboard-types';

/** Opens a server-sent event stream; the browser's EventSource unless a test gives another. */
export const EVENT_SOURCE = new InjectionToken<(url: string) => EventSource>('regicam.eventSource', {
  providedIn: 'root',
  factory: () => (url: string) => new EventSource(url),
});

const P = DASHBOARD_API.transactionParams;

/** The query string of `GET /api/transactions`: empty values are left out, kinds comma separated. */
export function transactionParams(query: TransactionsQuery): HttpParams {
  let params = new HttpParams();
  if (query.cameraId) params = params.set(P.cameraId, query.cameraId);
  if (query.date) params = params.set(P.date, query.date);
  if (query.kind?.length) params = params.set(P.kind, query.kind.join(','));
  if (query.q?.trim()) params = params.set(P.q, query.q.trim());
  if (query.cursor) params = params.set(P.cursor, query.cursor);
  if (query.limit) params = params.set(P.limit, String(query.limit));
  if (query.unlinked) params = params.set(P.unlinked, 'true');
  return params;
}

type Payload = Record<string, unknown>;

const isObject = (v: unknown): v is Payload => typeof v === 'object' && v !== null;

/** The event of one server-sent message, or null when it is none the portal acts on or its data does not fit. */
export function dashboardEvent(name: string, data: string, id: string | null): DashboardEvent | null {
  let payload: unknown;
  try {
    payload = JSON.parse(data);
  } catch {
    return null;
  }
  const E = DASHBOARD_API.streamEvents;
  if (name === E.reset) return { type: 'reset', id };
  if (name === E.logout) return { type: 'logout', id };
  if (!isObject(payload)) return null;
  if (name === E.row && typeof payload['transactionKey'] === 'string' && isObject(payload['picture'])) {
    return { type: 'row', id, transaction: payload as unknown as DashboardTransaction };
  }
  if (name === E.picture && typeof payload['transactionKey'] === 'string' && isObject(payload['picture'])) {
    const cameraId = typeof payload['cameraId'] === 'string' ? payload['cameraId'] : null;
    const picture = payload['picture'] as TransactionPicture;
    return { type: 'picture', id, transactionKey: payload['transactionKey'], cameraId, picture };
  }
  if (name === E.link && typeof payload['linkId'] === 'string') {
    return { type: 'link', id, link: payload as unknown as LinkChange };
  }
  return null;
}

/**
 * The dashboard's data: a camera's transactions of a day with their
 * pictures, its timeline, and the live stream of new rows and pictures.
 */
@Injectable({ providedIn: 'root' })
export class DashboardApi {
  private readonly http = inject(HttpClient);
  private readonly openStream = inject(EVENT_SOURCE);

  /** One page of the day list, newest first, with the day's totals per kind. */
  transactions(query: TransactionsQuery): Observable<TransactionsPage> {
    return this.http.get<TransactionsPage>(DASHBOARD_API.transactions, { params: transactionParams(query) });
  }

  /** Recorded and dark periods and the transactions of a camera in `[from, to)` (up to 72 hours). */
  timeline(cameraId: string, from: string, to: string): Observable<CameraTimeline> {
    const params = new HttpParams()
      .set(DASHBOARD_API.timelineParams.from, from)
      .set(DASHBOARD_API.timelineParams.to, to);
    return this.http.get<CameraTimeline>(DASHBOARD_API.timeline(cameraId), { params });
  }

  /**
   * The owner's live events while subscribed; unsubscribing closes the
   * stream. The browser reconnects by itself and sends the last event's
   * id, so the server resumes where the stream broke off; a message whose
   * data does not fit its event is skipped.
   */
  events(): Observable<DashboardEvent> {
    return new Observable<DashboardEvent>((subscriber) => {
      const source = this.openStream(DASHBOARD_API.stream);
      const listeners = Object.values(DASHBOARD_API.streamEvents).map((name) => {
        const listener = (message: MessageEvent<string>) => {
          const event = dashboardEvent(name, message.data, message.lastEventId || null);
          if (event) subscriber.next(event);
        };
        source.addEventListener(name, listener);
        return [name, listener] as const;
      });
      return () => {
        for (const [name, listener] of listeners) source.removeEventListener(name, listener);
        source.close();
      };
    });
  }
}
