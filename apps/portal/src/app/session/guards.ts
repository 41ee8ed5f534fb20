import { inject } from '@angular/core';
import { Router, type CanActivateFn } from '@angular/router';
import { SessionStore } from './session-store';

/**
 * A path inside the portal to go back to after logging in, or `/`. Only a
 * path of this site is taken (never `//host` or `https://…`), so a crafted
 * link cannot send the owner elsewhere.
 */
export function safeReturnUrl(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\')
    ? value
    : '/';
}

/** The portal's screens need a session: without one, ログイン, keeping where the owner wanted to go. */
export const requireSession: CanActivateFn = async (_route, state) => {
  const router = inject(Router);
  if (await inject(SessionStore).check()) return true;
  return router.createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
};

/** An owner already logged in has nothing to do on ログイン: on to where they were going. */
export const requireNoSession: CanActivateFn = async (route) => {
  const router = inject(Router);
  if (!(await inject(SessionStore).check())) return true;
  return router.parseUrl(safeReturnUrl(route.queryParamMap.get('returnUrl')));
};
