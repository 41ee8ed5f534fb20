import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import type { Camera } from './api-types';
import { DASHBOARD_API } from './dashboard-types';

/** The URL of a camera's picture (the latest, or at a time), for an `<img>`. */
export function cameraPictureUrl(cameraId: string, at?: string): string {
  const url = DASHBOARD_API.picture(cameraId);
  return at ? `${url}?${DASHBOARD_API.pictureAt}=${encodeURIComponent(at)}` : url;
}

@Injectable({ providedIn: 'root' })
export class CamerasApi {
  private readonly http = inject(HttpClient);

  /** The owner's cameras with the POS option, and whether each can be linked now. */
  list(): Observable<Camera[]> {
    return this.http.get<{ cameras: Camera[] }>('/api/cameras').pipe(map((a) => a.cameras));
  }
}
