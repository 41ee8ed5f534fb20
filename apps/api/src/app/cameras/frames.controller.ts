import { Controller, Param, Post, Req, Res } from '@nestjs/common';
import { FrameIntake } from '@regicam/cameras/gateway';
import { Public } from '@regicam/runtime';
import type { Request, Response } from 'express';

/**
 * Frames pushed by push cameras: `POST /api/cameras/:cameraId/frames`, the
 * JPEG as the body (read raw by the HTTP edge), authenticated by the
 * camera's ingest token, never by a session. 201 for a new frame, 200 for
 * one received already; refusals as FrameIntake says.
 */
@Public()
@Controller('cameras')
export class FramesController {
  constructor(private readonly intake: FrameIntake) {}

  @Post(':cameraId/frames')
  async push(@Param('cameraId') cameraId: string, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const { frame, duplicate } = await this.intake.receive({
      cameraId,
      authorization: req.get('authorization'),
      contentType: req.get('content-type'),
      body: req.body,
      capturedAtHeader: req.get('x-captured-at'),
      capturedAtQuery: req.query['capturedAt'],
    });
    res.status(duplicate ? 200 : 201);
    return { ...frame, duplicate };
  }
}
