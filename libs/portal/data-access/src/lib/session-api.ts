import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import type { Owner, Session } from './api-types';

/** Sessions: log in (sets the HttpOnly session cookie), log out, who is logged in. */
@Injectable({ providedIn: 'root' })
export class SessionApi {
  private readonly http = inject(HttpClient);

  login(email: string, password: string): Observable<Session> {
    return this.http.post<Session>('/api/auth/login', { email, password });
  }

  logout(): Observable<void> {
    return this.http.post<void>('/api/auth/logout', {});
  }

  /** The owner of the session; 401 when there is none. */
  me(): Observable<Owner> {
    return this.http.get<Owner>('/api/me');
  }
}
