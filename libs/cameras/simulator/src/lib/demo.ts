import type { CameraSimulator, SimulatedAccount } from './safie/camera-simulator';

/** The option item id the simulated cameras carry for the POS option (Safie's real id is not published). */
export const SIMULATED_POS_ITEM_ID = 101;

export const DEMO_SAFIE_API_KEY = 'demo-safie-api-key';

/**
 * The demo account: three counter cameras with the POS option (clocks 0 s,
 * 2.5 s ahead and 7 s behind true time) and a back-office camera without it.
 */
export function seedDemoCameras(sim: CameraSimulator, apiKey = DEMO_SAFIE_API_KEY): SimulatedAccount {
  const account = sim.addAccount({ apiKeys: [apiKey] });
  const pos = [SIMULATED_POS_ITEM_ID];
  account.addCamera({ deviceId: 'demo-counter-1', name: 'レジ上 1', itemIds: pos });
  account.addCamera({ deviceId: 'demo-counter-2', name: 'レジ上 2', itemIds: pos, clockOffsetMs: 2_500 });
  account.addCamera({ deviceId: 'demo-counter-3', name: 'レジ上 3', itemIds: pos, clockOffsetMs: -7_000 });
  account.addCamera({ deviceId: 'demo-backroom', name: 'バックヤード', model: 'Safie One' });
  return account;
}
