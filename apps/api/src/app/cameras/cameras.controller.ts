import { Controller, Get, Inject } from '@nestjs/common';
import type { Owner } from '@regicam/accounts';
import { CameraDirectory, posOptionActive } from '@regicam/cameras';
import { CLOCK, type Clock } from '@regicam/runtime';
import { CurrentOwner } from '../auth/session';

@Controller('cameras')
export class CamerasController {
  constructor(
    private readonly cameras: CameraDirectory,
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
}
