import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { OwnerAccounts } from '@regicam/accounts';
import { CLOCK, IS_PUBLIC, type Clock } from '@regicam/runtime';
import { SESSION_COOKIE, type AuthenticatedRequest } from './session';

/** Every route needs a live session unless it is marked @Public(). */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly accounts: OwnerAccounts,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    const owner = token ? await this.accounts.authenticate(token, this.clock.now()) : null;
    if (!owner)
      throw new UnauthorizedException('Log in first (POST /api/auth/login); the session is missing or has expired.');
    req.owner = owner;
    return true;
  }
}
