import { Controller, Get } from '@nestjs/common';
import type { Owner } from '@regicam/accounts';
import { posOptionActive } from '@regicam/cameras';
import { CurrentOwner } from '../auth/session';
import { Platform } from '../platform/platform';

@Controller('cameras')
export class CamerasController {
  constructor(private readonly platform: Platform) {}

  /** The owner's cameras with the POS option, and whether each can be linked now. */
  @Get()
  async list(@CurrentOwner() owner: Owner) {
    const now = this.platform.clock.now().toISOString();
    const cameras = await this.platform.cameras.listByOwner(owner.id, { withPosOption: true });
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
