import { posOptionActive, type CameraDirectory } from '@regicam/cameras';
import type { LinkQueries } from '@regicam/links';
import type { GatewayTarget } from './camera-gateway';
import type { SourceOf } from './camera-lookups';

/**
 * The cameras the gateway watches: those with the POS option (started) and
 * at least one link in force, whose source is Safie or the simulator. Each
 * starts being listed from its oldest link in force, or from its POS
 * option's start if that is later.
 */
export async function recordingTargets(deps: {
  directory: CameraDirectory;
  links: LinkQueries;
  sourceOf: SourceOf;
  now: Date;
}): Promise<GatewayTarget[]> {
  const linkedSince = new Map<string, string>();
  for (const link of await deps.links.allActiveLinks()) {
    const known = linkedSince.get(link.cameraId);
    if (!known || link.createdAt < known) linkedSince.set(link.cameraId, link.createdAt);
  }
  const at = deps.now.toISOString();
  const targets: GatewayTarget[] = [];
  for (const camera of await deps.directory.listRecording()) {
    const linked = linkedSince.get(camera.id);
    const source = camera.source;
    if (!linked || !posOptionActive(camera, at) || !source || source.kind === 'push') continue;
    const optionStart = Date.parse(`${camera.posOption?.from}T00:00:00+09:00`);
    targets.push({
      cameraId: camera.id,
      deviceId: source.deviceId,
      source: deps.sourceOf(source),
      since: new Date(Math.max(Date.parse(linked), optionStart)),
    });
  }
  return targets;
}
