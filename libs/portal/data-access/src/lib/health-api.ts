import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** What `GET /api/health` answers. */
export type Health = { status: string };

@Injectable({ providedIn: 'root' })
export class HealthApi {
  private readonly http = inject(HttpClient);

  get(): Observable<Health> {
    return this.http.get<Health>('/api/health');
  }
}
