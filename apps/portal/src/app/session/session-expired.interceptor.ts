import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { SessionStore } from './session-store';

/** Requests whose 401 is their answer, not a sign that the session ended. */
const ASKS_ABOUT_SESSION = ['/api/auth/login', '/api/me'];

/**
 * When a request answers 401 the session has ended (expired, or logged out
 * elsewhere): the owner is sent to ログイン, which says so and comes back
 * to this screen afterwards.
 */
export const sessionExpiredInterceptor: HttpInterceptorFn = (req, next) => {
  const session = inject(SessionStore);
  const router = inject(Router);
  return next(req).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && error.status === 401 && !ASKS_ABOUT_SESSION.includes(req.url)) {
        session.forget();
        const returnUrl = router.url.startsWith('/login') ? '/' : router.url;
        void router.navigate(['/login'], { queryParams: { returnUrl, expired: 1 } });
      }
      return throwError(() => error);
    }),
  );
};
