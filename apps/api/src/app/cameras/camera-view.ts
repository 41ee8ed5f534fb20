import { isRecording, posOptionActive, type Camera } from '@regicam/cameras';
import { SIMULATED_REGISTER_REGIONS } from '@regicam/cameras/simulator';

/**
 * A camera as its owner sees it: no token hash, the last clock offset
 * change (who, when), and for a simulated camera the regions of its three
 * registers, so the portal can offer them when linking.
 */
export function cameraView(camera: Camera, now: string) {
  const offsetChange = camera.changes.findLast((c) => c.field === 'clockOffsetMs') ?? null;
  const token = camera.ingestToken;
  return {
    cameraId: camera.id,
    name: camera.name,
    model: camera.model,
    serial: camera.serial,
    posOption: camera.posOption,
    linkable: posOptionActive(camera, now),
    source: camera.source,
    recording: isRecording(camera.source),
    clockOffsetMs: camera.clockOffsetMs,
    clockOffsetSetBy: offsetChange?.actor ?? null,
    clockOffsetSetAt: offsetChange?.at ?? null,
    ingestToken: token && { tokenId: token.tokenId, createdAt: token.createdAt, createdBy: token.createdBy },
    registerRegions:
      camera.source?.kind === 'simulator'
        ? SIMULATED_REGISTER_REGIONS.map((region, i) => ({ register: i + 1, region }))
        : null,
  };
}
