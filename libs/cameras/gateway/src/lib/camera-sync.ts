import { japanDate, type CameraDirectory } from '@regicam/cameras';
import type { CameraSource } from '@regicam/cameras/source';

export type SyncOutcome =
  /** A new camera of the owner, with the POS option from today and the device as its source. */
  | 'added'
  /** The owner's camera of that serial had no source: the device is now its source (and it has the POS option). */
  | 'attached'
  /** The device is a camera of the owner's already. */
  | 'unchanged'
  /** Left alone: the device is another owner's camera, or the camera of that serial has another source. */
  | 'skipped';

export type SyncResult = {
  deviceId: string;
  serial: string;
  name: string | null;
  cameraId: string | null;
  outcome: SyncOutcome;
  /** Why it was skipped, in words. */
  detail: string | null;
};

/**
 * Makes the Safie devices that carry the POS option (`devices({itemId})`)
 * cameras of one owner, with the source `safie`. An assumption: the
 * installation's one Safie key belongs to (or was shared by) the owners
 * whose cameras it sees, and the operator names the owner. For each device:
 * 1. a camera with this device as source: unchanged (skipped when it is
 *    another owner's);
 * 2. else a camera with the device's serial: the owner's without a source
 *    gets the device as source, and the POS option from today if it had
 *    none; another owner's, or one with another source, is skipped;
 * 3. else a new camera: the device's name (or serial), model and serial,
 *    the POS option from today (Japan time).
 * Every change is recorded with `actor`. Running it again changes nothing.
 */
export async function syncSafieCameras(
  directory: CameraDirectory,
  safie: CameraSource,
  options: { ownerId: string; itemId: number; actor: string; now: Date; newId: () => string },
): Promise<SyncResult[]> {
  const meta = { actor: options.actor, now: options.now.toISOString() };
  const today = japanDate(options.now);
  const results: SyncResult[] = [];
  for (const device of await safie.devices({ itemId: options.itemId })) {
    const ref = { kind: 'safie' as const, deviceId: device.deviceId };
    const result = (outcome: SyncOutcome, cameraId: string | null, detail: string | null = null): SyncResult => ({
      deviceId: device.deviceId,
      serial: device.serial,
      name: device.name,
      cameraId,
      outcome,
      detail,
    });
    const bySource = await directory.findBySource(ref);
    if (bySource) {
      results.push(
        bySource.ownerId === options.ownerId
          ? result('unchanged', bySource.id)
          : result('skipped', null, 'the device is a camera of another owner'),
      );
      continue;
    }
    const bySerial = await directory.findBySerial(device.serial);
    if (bySerial) {
      if (bySerial.ownerId !== options.ownerId) {
        results.push(result('skipped', null, `serial ${device.serial} is a camera of another owner`));
      } else if (bySerial.source !== null) {
        results.push(
          result(
            'skipped',
            bySerial.id,
            `the camera of serial ${device.serial} has the source ${bySerial.source.kind}`,
          ),
        );
      } else {
        await directory.setSource(bySerial.id, ref, meta);
        if (!bySerial.posOption) await directory.setPosOption(bySerial.id, { from: today }, meta.now, meta.actor);
        results.push(result('attached', bySerial.id));
      }
      continue;
    }
    const camera = await directory.add(
      {
        ownerId: options.ownerId,
        name: device.name?.trim() || device.serial,
        model: device.model.trim() || 'Safie',
        serial: device.serial,
        posOption: { from: today },
        source: ref,
      },
      { id: options.newId(), now: meta.now, actor: meta.actor },
    );
    results.push(result('added', camera.id));
  }
  return results;
}
