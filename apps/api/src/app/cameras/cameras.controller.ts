import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import type { Owner } from '@regicam/accounts';
import { CameraDirectory, posOptionActive } from '@regicam/cameras';
import { CameraView, pictureTimeOf, timelineRangeOf, type RawQuery } from '@regicam/dashboard';
import { CLOCK, type Clock } from '@regicam/runtime';
import type { Response } from 'express';
import { CurrentOwner } from '../auth/session';

@Controller('cameras')
export class CamerasController {
  constructor(
    private readonly cameras: CameraDirectory,
    private readonly view: CameraView,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The owner's cameras with the POS option, and whether each can be linked now. */
  @Get()
  async list(@CurrentOwner() owner: Owner) {
    const now = this.clock.now().toISOString();
    const cameras = await this.cameras.listByOwner(owner.id, { withPosOption: true });
    return {
      cameras: cameras.map((c) => ({
        cameraId: c.id,
        name: c.name,
        model: c.model,
        serial: c.serial,
        posOption: c.posOption,
        linkable: posOptionActive(c, now),
      })),
    };
  }

  /** The camera's picture at `at` (ISO), or its latest: the camera view, and seeking to a row. */
  @Get(':cameraId/picture')
  async picture(
    @CurrentOwner() owner: Owner,
    @Param('cameraId') cameraId: string,
    @Query() query: RawQuery,
    @Res() res: Response,
  ): Promise<void> {
    const at = pictureTimeOf(query);
    const picture = await this.view.picture(owner.id, cameraId, at);
    res.status(200).set({
      'Content-Type': picture.contentType,
      // A past moment's picture does not change; the latest does.
      'Cache-Control': at === undefined ? 'no-store' : 'private, max-age=3600',
      'X-Picture-Source': picture.source,
      ...(picture.at ? { 'X-Picture-At': picture.at } : {}),
    });
    res.end(picture.jpeg);
  }

  /** Recorded spans, dark periods and transaction markers of `[from, to)`, up to 72 hours. */
  @Get(':cameraId/timeline')
  timeline(@CurrentOwner() owner: Owner, @Param('cameraId') cameraId: string, @Query() query: RawQuery) {
    const { from, to } = timelineRangeOf(query, this.clock.now());
    return this.view.timeline(owner.id, cameraId, from, to);
  }
}
