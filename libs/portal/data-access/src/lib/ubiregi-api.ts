import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, catchError, map, of, throwError } from 'rxjs';
import type { UbiregiConnection } from './api-types';

/**
 * Where the browser goes to grant RegiCam access to Ubiregi (the manual's
 * 「Ubiregi Auth2連携」): the API redirects to Ubiregi's consent page, and
 * Ubiregi's answer comes back to the portal's `/ubiregi?connected=1` or
 * `/ubiregi?error=…`. A navigation, never an XHR.
 */
export const UBIREGI_CONNECT_URL = '/api/ubiregi/connect';

@Injectable({ providedIn: 'root' })
export class UbiregiApi {
  private readonly http = inject(HttpClient);

  /** The connected account and its registers; null before Ubiregi is connected (the API's 404). */
  connection(): Observable<UbiregiConnection | null> {
    return this.http
      .get<UbiregiConnection>('/api/ubiregi/terminals')
      .pipe(
        catchError((e: unknown) =>
          e instanceof HttpErrorResponse && e.status === 404 ? of(null) : throwError(() => e),
        ),
      );
  }

  /** Links the register to the camera, moves it to another, or (null) unlinks it. */
  assign(terminalId: string, cameraId: string | null): Observable<{ linkId: string | null }> {
    return this.http
      .put<{ terminalId: string; cameraId: string | null; linkId: string | null }>(
        `/api/ubiregi/terminals/${encodeURIComponent(terminalId)}`,
        { cameraId },
      )
      .pipe(map((a) => ({ linkId: a.linkId })));
  }
}
