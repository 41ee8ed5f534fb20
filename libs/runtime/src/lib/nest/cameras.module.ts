import { Global, Logger, Module } from '@nestjs/common';
import { CameraDirectory } from '@regicam/cameras';
import { CameraGateway, FrameIntake, cameraLookups, recordingTargets, type SourceOf } from '@regicam/cameras/gateway';
import { SafieCameraSource } from '@regicam/cameras/safie';
import { LinkQueries } from '@regicam/links';
import type { Stores } from '../open-stores';
import type { RuntimeConfig } from '../runtime-config';
import { CAMERA_INFO, CAMERA_SOURCES, CLOCK, RUNTIME_CONFIG, STORES, type Clock } from './tokens';

const logger = new Logger('Cameras');
const log = (level: 'info' | 'warn' | 'error', message: string) =>
  level === 'info' ? logger.log(message) : logger[level](message);

/** The camera source of a camera's account, built once per process from the settings. */
const SOURCE_OF = Symbol('SOURCE_OF');

/**
 * The Safie sources of this installation: `safie` cameras read Safie API v2
 * with the installation's key (SAFIE_URL, SAFIE_API_KEY); `simulator`
 * cameras read the camera simulator (the embedded one, or
 * CAMERA_SIMULATOR_URL) with its key. A kind this process has no key or
 * URL for has no source (the gateway reports its cameras as needing
 * attention; the thumbnailer cannot fetch their pictures).
 */
export function sourceOf(config: RuntimeConfig, clock: Clock): SourceOf {
  const now = () => clock.now().getTime();
  const { safie, simulatorUrl, simulatorApiKey } = config.cameras;
  const safieSource = safie.apiKey
    ? new SafieCameraSource({ baseUrl: safie.url, auth: { apiKey: safie.apiKey }, now })
    : null;
  const simulatorSource = simulatorUrl
    ? new SafieCameraSource({ baseUrl: simulatorUrl, auth: { apiKey: simulatorApiKey }, now })
    : null;
  return (source) => (source.kind === 'safie' ? safieSource : simulatorSource);
}

/**
 * What reaches the cameras: their sources, the two lookups the stream roles
 * inject (`CAMERA_SOURCES` for the thumbnailer, `CAMERA_INFO` for the
 * join), the intake of pushed frames (any API process), and the camera
 * gateway (started only by the `camera-gateway` role).
 */
@Global()
@Module({
  providers: [
    { provide: SOURCE_OF, useFactory: sourceOf, inject: [RUNTIME_CONFIG, CLOCK] },
    {
      provide: CAMERA_SOURCES,
      useFactory: (directory: CameraDirectory, of: SourceOf, clock: Clock) =>
        cameraLookups(directory, of, { now: () => clock.now().getTime() }).cameraSource,
      inject: [CameraDirectory, SOURCE_OF, CLOCK],
    },
    {
      provide: CAMERA_INFO,
      useFactory: (directory: CameraDirectory, of: SourceOf, clock: Clock) =>
        cameraLookups(directory, of, { now: () => clock.now().getTime() }).cameraInfo,
      inject: [CameraDirectory, SOURCE_OF, CLOCK],
    },
    {
      provide: FrameIntake,
      useFactory: (c: RuntimeConfig, s: Stores, directory: CameraDirectory, clock: Clock) =>
        new FrameIntake(directory, s.blobStore, s.messageLog, s.topics.cameraFrames, {
          maxBytes: c.cameras.frames.maxBytes,
          maxPixels: c.cameras.frames.maxPixels,
          now: () => clock.now(),
          log,
        }),
      inject: [RUNTIME_CONFIG, STORES, CameraDirectory, CLOCK],
    },
    {
      provide: CameraGateway,
      useFactory: (
        c: RuntimeConfig,
        s: Stores,
        clock: Clock,
        directory: CameraDirectory,
        links: LinkQueries,
        of: SourceOf,
      ) =>
        CameraGateway.open(
          s.readStore,
          s.messageLog,
          s.topics.cameraFrames,
          () => recordingTargets({ directory, links, sourceOf: of, now: clock.now() }),
          {
            intervalMs: c.cameras.gateway.pollIntervalMs,
            concurrency: c.cameras.gateway.concurrency,
            listingDelayMs: c.cameras.gateway.listingDelayMs,
            instanceId: c.instanceId,
            now: () => clock.now(),
            log,
          },
        ),
      inject: [RUNTIME_CONFIG, STORES, CLOCK, CameraDirectory, LinkQueries, SOURCE_OF],
    },
  ],
  exports: [CAMERA_SOURCES, CAMERA_INFO, FrameIntake, CameraGateway],
})
export class CamerasModule {}
