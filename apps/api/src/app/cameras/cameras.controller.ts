import { Body, Controller, Get, Inject, Param, Put, Query, Res } from '@nestjs/common';
import type { Owner } from '@regicam/accounts';
import { CameraDirectory, MAX_CLOCK_OFFSET_MS } from '@regicam/cameras';
import { CameraView, pictureTimeOf, timelineRangeOf, type RawQuery } from '@regicam/dashboard';
import { CLOCK, type Clock } from '@regicam/runtime';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentOwner } from '../auth/session';
import { parseInput } from '../validation';
import { cameraView } from './camera-view';

const ClockOffsetBody = z.object({
  clockOffsetMs: z
    .number({ error: 'clockOffsetMs is required: how far the camera’s clock runs ahead of true time, in ms' })
    .int('clockOffsetMs must be a whole number of milliseconds')
    .min(-MAX_CLOCK_OFFSET_MS, 'clockOffsetMs must be at most 24 hours (86400000 ms) either way')
    .max(MAX_CLOCK_OFFSET_MS, 'clockOffsetMs must be at most 24 hours (86400000 ms) either way'),
});

/** The owner's cameras; another owner's camera answers 404 like a missing one. */
@Controller('cameras')
export class CamerasController {
  constructor(
    private readonly cameras: CameraDirectory,
    private readonly view: CameraView,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The owner's cameras with the POS option, whether each can be linked now, its source and clock offset. */
  @Get()
  async list(@CurrentOwner() owner: Owner) {
    const now = this.clock.now().toISOString();
    const cameras = await this.cameras.listByOwner(owner.id, { withPosOption: true });
    return { cameras: cameras.map((c) => cameraView(c, now)) };
  }

  /** Sets how far the camera's clock runs ahead of true time; recorded with the owner and the time. */
  @Put(':cameraId/clock-offset')
  async setClockOffset(@CurrentOwner() owner: Owner, @Param('cameraId') cameraId: string, @Body() body: unknown) {
    const { clockOffsetMs } = parseInput(ClockOffsetBody, body);
    await this.cameras.getOfOwner(owner.id, cameraId);
    const now = this.clock.now().toISOString();
    const camera = await this.cameras.setClockOffset(cameraId, clockOffsetMs, { actor: `owner:${owner.id}`, now });
    return cameraView(camera, now);
  }

  /** Every recorded change of the camera's source, clock offset, POS option and ingest token, oldest first. */
  @Get(':cameraId/changes')
  async changes(@CurrentOwner() owner: Owner, @Param('cameraId') cameraId: string) {
    const camera = await this.cameras.getOfOwner(owner.id, cameraId);
    return { cameraId: camera.id, changes: camera.changes };
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
