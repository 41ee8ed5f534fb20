import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import type { Link, NewSmaregiLink, Region } from './api-types';

/** Links of registers to cameras (カメラ-レジ端末の紐づけ). */
@Injectable({ providedIn: 'root' })
export class LinksApi {
  private readonly http = inject(HttpClient);

  /** The links in force, oldest first. */
  list(): Observable<Link[]> {
    return this.http.get<{ links: Link[] }>('/api/links').pipe(map((a) => a.links));
  }

  /** Links a Smaregi register; the POS checks the credentials and the register first (422 when it refuses). */
  create(link: NewSmaregiLink): Observable<Link> {
    return this.http.post<Link>('/api/links', link);
  }

  /** Removes several links at once: all of them, or none (404 naming the one that is not the owner's). */
  remove(linkIds: string[]): Observable<string[]> {
    return this.http.post<{ removed: string[] }>('/api/links/delete', { linkIds }).pipe(map((a) => a.removed));
  }

  /**
   * Moves the register of this link to another camera or region in one
   * change; answers the new link. `region` undefined keeps the region, null
   * is the whole picture.
   */
  relink(linkId: string, cameraId: string, region?: Region | null): Observable<Link> {
    return this.http.put<Link>(`/api/links/${encodeURIComponent(linkId)}/camera`, {
      cameraId,
      ...(region === undefined ? {} : { region }),
    });
  }
}
