import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { OwnerAccounts, type Owner } from '@regicam/accounts';
import { StreamHub } from '@regicam/dashboard';
import { CLOCK, Public, RUNTIME_CONFIG, type Clock } from '@regicam/runtime';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { AppConfig } from '../../config';
import { parseInput } from '../validation';
import { CurrentOwner, SESSION_COOKIE } from './session';

const LoginBody = z.object({
  email: z.string().min(1, 'email is required'),
  password: z.string().min(1, 'password is required'),
});

@Controller()
export class AuthController {
  constructor(
    private readonly accounts: OwnerAccounts,
    private readonly streams: StreamHub,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RUNTIME_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  async login(@Body() body: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { email, password } = parseInput(LoginBody, body);
    const session = await this.accounts.login(email, password, { now: this.clock.now(), ip: req.ip ?? 'unknown' });
    res.cookie(SESSION_COOKIE, session.sessionToken, {
      httpOnly: true,
      sameSite: 'lax',
      // Behind a TLS-terminating proxy the request itself is plain http: the public URL decides.
      secure: req.secure || this.config.pos.publicUrl.startsWith('https://'),
      path: '/',
      expires: new Date(session.expiresAt),
    });
    const owner = await this.accounts.getOwner(session.ownerId);
    return { owner, expiresAt: session.expiresAt };
  }

  @Post('auth/logout')
  @HttpCode(204)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    if (token) {
      await this.accounts.logout(token);
      // The session's live streams end with it (other processes' at their next heartbeat).
      this.streams.closeSession(token);
    }
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Get('me')
  me(@CurrentOwner() owner: Owner): Owner {
    return owner;
  }
}
