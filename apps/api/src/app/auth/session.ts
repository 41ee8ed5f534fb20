import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Owner } from '@regicam/accounts';
import type { Request } from 'express';

export const SESSION_COOKIE = 'regicam_session';

export type AuthenticatedRequest = Request & { owner?: Owner };

/** The owner of the request's session (set by the session guard). */
export const CurrentOwner = createParamDecorator((_: unknown, ctx: ExecutionContext): Owner => {
  const owner = ctx.switchToHttp().getRequest<AuthenticatedRequest>().owner;
  if (!owner) throw new Error('CurrentOwner used on a route without the session guard');
  return owner;
});
