import { HttpErrorResponse } from '@angular/common/http';
import { Injectable, inject, signal } from '@angular/core';
import { SessionApi, type Owner } from '@regicam/portal/data-access';
import { firstValueFrom } from 'rxjs';

/**
 * Who is logged in. The session cookie is HttpOnly, so only the API can
 * say whether there is one: the store asks `GET /api/me` once, and knows
 * from then on (a login, a logout, or a 401 from any request changes it).
 */
@Injectable({ providedIn: 'root' })
export class SessionStore {
  private readonly api = inject(SessionApi);
  private readonly current = signal<Owner | null>(null);
  private known: Promise<Owner | null> | null = null;

  /** The owner logged in, null when none. */
  readonly owner = this.current.asReadonly();

  /** The owner of the session, asking the API the first time; null without a session. */
  check(): Promise<Owner | null> {
    this.known ??= firstValueFrom(this.api.me()).then(
      (owner) => {
        this.current.set(owner);
        return owner;
      },
      (error: unknown) => {
        // Only a 401 is an answer; when the API could not be asked, ask again next time.
        if (!(error instanceof HttpErrorResponse && error.status === 401)) this.known = null;
        this.current.set(null);
        return null;
      },
    );
    return this.known;
  }

  /** Logs in; a refusal (wrong password, 429) is thrown as it came. */
  async login(email: string, password: string): Promise<Owner> {
    const { owner } = await firstValueFrom(this.api.login(email, password));
    this.current.set(owner);
    this.known = Promise.resolve(owner);
    return owner;
  }

  /** Ends the session at the API, and here even when the API cannot be reached. */
  async logout(): Promise<void> {
    await firstValueFrom(this.api.logout()).catch(() => undefined);
    this.forget();
  }

  /** The session ended on its own (a 401): nobody is logged in. */
  forget(): void {
    this.current.set(null);
    this.known = Promise.resolve(null);
  }
}
