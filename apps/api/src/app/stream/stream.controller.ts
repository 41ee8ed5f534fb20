import { Controller, Get, Headers, Inject, Query, Req, Res } from '@nestjs/common';
import { OwnerAccounts, type Owner } from '@regicam/accounts';
import { StreamHub, parseCursor, parseParams, type RawQuery } from '@regicam/dashboard';
import { CLOCK, type Clock } from '@regicam/runtime';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { CurrentOwner, SESSION_COOKIE } from '../auth/session';

const StreamParams = z.object({ lastEventId: z.string().optional() });

/**
 * `GET /api/stream`: the owner's changes as server-sent events (new rows,
 * pictures ready, links changed), resumed after `Last-Event-ID` (or
 * `?lastEventId=`, for clients that cannot set headers).
 */
@Controller('stream')
export class StreamController {
  constructor(
    private readonly hub: StreamHub,
    private readonly accounts: OwnerAccounts,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  async stream(
    @CurrentOwner() owner: Owner,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Query() query: RawQuery,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const params = parseParams(StreamParams, query);
    const cursor = lastEventId ? parseCursor(lastEventId) : parseCursor(params.lastEventId, 'lastEventId');
    const session = (req.cookies as Record<string, string>)[SESSION_COOKIE];
    const stillValid = async () => (await this.accounts.authenticate(session, this.clock.now()))?.id === owner.id;
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    const stop = await this.hub.start(
      { ownerId: owner.id, session, cursor, stillValid },
      { write: (text) => void res.write(text), end: () => res.end() },
    );
    req.on('close', stop);
  }
}
