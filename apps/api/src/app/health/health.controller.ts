import { Controller, Get } from '@nestjs/common';
import { Public } from '../auth/public.decorator';

export type HealthAnswer = { status: 'ok' };

@Public()
@Controller('health')
export class HealthController {
  @Get()
  health(): HealthAnswer {
    return { status: 'ok' };
  }
}
