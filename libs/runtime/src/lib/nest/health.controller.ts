import { Controller, Get, Res } from '@nestjs/common';
import { SystemHealth } from '@regicam/roles';
import type { Response } from 'express';
import { Public } from './tokens';

/**
 * `/health`: liveness (the process answers). `/health/ready`: readiness,
 * the same in every process: 200 when ready, 503 with what is not.
 */
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: SystemHealth) {}

  @Get()
  live(): { status: 'ok' } {
    return this.health.live();
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response) {
    const readiness = await this.health.readiness();
    res.status(readiness.ready ? 200 : 503);
    return { status: readiness.ready ? 'ready' : 'not_ready', ...readiness };
  }
}
