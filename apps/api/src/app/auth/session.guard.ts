import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Platform } from '../platform/platform';
import { IS_PUBLIC } from './public.decorator';
import { SESSION_COOKIE, type AuthenticatedRequest } from './session';

/** Every route needs a live session unless it is marked @Public(). */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly platform: Platform,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    const owner = token ? await this.platform.accounts.authenticate(token, this.platform.clock.now()) : null;
    if (!owner)
      throw new UnauthorizedException('Log in first (POST /api/auth/login); the session is missing or has expired.');
    req.owner = owner;
    return true;
  }
}
