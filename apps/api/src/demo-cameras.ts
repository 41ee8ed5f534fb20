import { OwnerAccounts } from '@regicam/accounts';
import { CameraDirectory } from '@regicam/cameras';
import {
  CameraSimulator,
  SIMULATED_REGISTER_REGIONS,
  seedDemoCameras,
  type SimulatedAccount,
} from '@regicam/cameras/simulator';
import type { Stores } from '@regicam/runtime';
import { DEMO_OWNER } from './demo';

/** Which simulated camera each demo camera with the POS option is (by serial). */
export const DEMO_CAMERA_DEVICES: Readonly<Record<string, string>> = {
  'DEMO-0001': 'demo-counter-1',
  'DEMO-0003': 'demo-counter-2',
};

/**
 * Starts the simulator of Safie's API for `npm start`, with the demo
 * account (`seedDemoCameras`: three counter cameras with the POS option,
 * clocks 0 s, +2.5 s and −7 s, and a back-office camera), answering `apiKey`.
 */
export async function startDemoCameras(
  port: number,
  apiKey: string,
): Promise<{ sim: CameraSimulator; account: SimulatedAccount; url: string; stop: () => Promise<void> }> {
  const sim = new CameraSimulator();
  const account = seedDemoCameras(sim, apiKey);
  const url = await sim.start(port);
  return { sim, account, url, stop: () => sim.stop() };
}

/**
 * Gives the demo owner's cameras with the POS option their simulated
 * camera as source, with that camera's clock offset, unless a source was
 * set already (by the seed of an earlier start, or by an operator).
 * Idempotent: every embedded start may run it. Returns the cameras changed.
 */
export async function giveDemoCamerasSources(stores: Stores, account: SimulatedAccount, now: Date): Promise<number> {
  const accounts = await OwnerAccounts.open(stores.readStore);
  const owner = await accounts.getOwnerByEmail(DEMO_OWNER.email);
  if (!owner) return 0;
  const directory = await CameraDirectory.open(stores.readStore);
  const meta = { actor: 'system:demo', now: now.toISOString() };
  let changed = 0;
  for (const camera of await directory.listByOwner(owner.id, { withPosOption: true })) {
    const device = account.cameras.find((c) => c.deviceId === DEMO_CAMERA_DEVICES[camera.serial]);
    if (!device || camera.source !== null) continue;
    await directory.setSource(camera.id, { kind: 'simulator', deviceId: device.deviceId }, meta);
    await directory.setClockOffset(camera.id, device.clockOffsetMs, meta);
    changed++;
  }
  return changed;
}
