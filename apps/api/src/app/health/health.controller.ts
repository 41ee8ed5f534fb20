import { Controller, Get } from '@nestjs/common';

export type HealthAnswer = { status: 'ok' };

@Controller('health')
export class HealthController {
  @Get()
  health(): HealthAnswer {
    return { status: 'ok' };
  }
}
