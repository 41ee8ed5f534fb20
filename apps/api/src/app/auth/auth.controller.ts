import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { Owner } from '@regicam/accounts';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { Platform } from '../platform/platform';
import { parseInput } from '../validation';
import { Public } from './public.decorator';
import { CurrentOwner, SESSION_COOKIE } from './session';

const LoginBody = z.object({
  email: z.string().min(1, 'email is required'),
  password: z.string().min(1, 'password is required'),
});

@Controller()
export class AuthController {
  constructor(private readonly platform: Platform) {}

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  async login(@Body() body: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { email, password } = parseInput(LoginBody, body);
    const now = this.platform.clock.now();
    const session = await this.platform.accounts.login(email, password, { now, ip: req.ip ?? 'unknown' });
    res.cookie(SESSION_COOKIE, session.sessionToken, {
      httpOnly: true,
      sameSite: 'lax',
      secure: req.secure,
      path: '/',
      expires: new Date(session.expiresAt),
    });
    const owner = await this.platform.accounts.getOwner(session.ownerId);
    return { owner, expiresAt: session.expiresAt };
  }

  @Post('auth/logout')
  @HttpCode(204)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    if (token) await this.platform.accounts.logout(token);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Get('me')
  me(@CurrentOwner() owner: Owner): Owner {
    return owner;
  }
}
