import type { PartReport, Role } from '@regicam/roles';
import type { CameraGateway } from './camera-gateway';

/**
 * The `camera-gateway` role: the camera gateway's polling, started and
 * stopped with the process. Its report has one part for the gateway and
 * one per watched camera (`camera:<id>`), all ready: a camera that fails
 * or needs attention (`needs_attention`, with the reason) is reported,
 * never a reason to take the process out of service.
 */
export class CameraGatewayRole implements Role {
  readonly name = 'camera-gateway' as const;

  constructor(private readonly gateway: CameraGateway) {}

  async start(): Promise<void> {
    this.gateway.start();
  }

  stop(): Promise<void> {
    return this.gateway.stop();
  }

  async report(): Promise<PartReport[]> {
    const cameras = await this.gateway.statuses();
    return [
      {
        part: 'camera-gateway',
        state: this.gateway.started ? 'running' : 'stopped',
        ready: true,
        details: { cameras: cameras.length, polling: this.gateway.inProgress },
      },
      ...cameras.map(({ cameraId, checkpoint: c }) => ({
        part: `camera:${cameraId}`,
        state: c?.lastSuccessAt || c?.failures ? c.status : 'pending',
        ready: true,
        details: {
          reason: c?.reason ?? null,
          through: c?.through ?? null,
          lastSuccessAt: c?.lastSuccessAt ?? null,
          lastError: c?.lastError ?? null,
          failures: c?.failures ?? 0,
          nextAt: c?.nextAt ?? null,
          announced: c?.announced ?? 0,
        },
      })),
    ];
  }
}
