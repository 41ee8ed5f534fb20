import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import type { AuditEvent, AuditQuery, AuditState } from './api-types';

/** The link history: every change with who made it and why, and the links as they were at a time. */
@Injectable({ providedIn: 'root' })
export class AuditApi {
  private readonly http = inject(HttpClient);

  history(query: AuditQuery = {}): Observable<AuditEvent[]> {
    let params = new HttpParams();
    for (const [name, value] of Object.entries(query)) if (value) params = params.set(name, value);
    return this.http.get<{ events: AuditEvent[] }>('/api/audit/links', { params }).pipe(map((a) => a.events));
  }

  stateAt(at: string): Observable<AuditState> {
    return this.http.get<AuditState>('/api/audit/links/state', { params: { at } });
  }
}
