import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import type { SmaregiContract } from './api-types';

/** The owner's Smaregi contracts and their push URLs (API送信設定). */
@Injectable({ providedIn: 'root' })
export class SmaregiApi {
  private readonly http = inject(HttpClient);

  contracts(): Observable<SmaregiContract[]> {
    return this.http.get<{ contracts: SmaregiContract[] }>('/api/smaregi/contracts').pipe(map((a) => a.contracts));
  }

  /** A new secret in the push URL; the old URL stops working at once. Answers the new URL. */
  newPushSecret(contractId: string): Observable<string> {
    return this.http
      .post<{ pushUrl: string }>(`/api/smaregi/contracts/${encodeURIComponent(contractId)}/push-secret`, {})
      .pipe(map((a) => a.pushUrl));
  }
}
