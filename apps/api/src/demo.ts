import { OwnerAccounts } from '@regicam/accounts';
import { CameraDirectory } from '@regicam/cameras';
import type { Stores } from '@regicam/runtime';
import { randomUUID } from 'node:crypto';

export const DEMO_OWNER = { email: 'demo@regicam.example', password: 'regicam-demo', displayName: 'デモ店舗' };

/**
 * Seeds an empty embedded installation with a demo owner and three cameras:
 * one with the POS option, one without, one whose option starts in a month.
 * Returns false when the demo owner exists already.
 */
export async function seedDemo(stores: Stores, now: Date): Promise<boolean> {
  const accounts = await OwnerAccounts.open(stores.readStore);
  const cameras = await CameraDirectory.open(stores.readStore);
  let ownerId: string;
  try {
    ownerId = (await accounts.create(DEMO_OWNER, { id: randomUUID(), now })).id;
  } catch (error) {
    if ((error as Error).name === 'EmailTaken') return false;
    throw error;
  }
  const at = now.toISOString();
  const inAMonth = new Date(now.getTime() + 30 * 86_400_000).toISOString().slice(0, 10);
  const demo = [
    { name: 'レジ上カメラ', model: 'CC-2L_SF', serial: 'DEMO-0001', posOption: { from: '2019-03-07' } },
    { name: '入口カメラ', model: 'CC-2_SF', serial: 'DEMO-0002', posOption: null },
    { name: '2号店レジ', model: 'CC-2L_SF', serial: 'DEMO-0003', posOption: { from: inAMonth } },
  ];
  for (const camera of demo) await cameras.add({ ownerId, ...camera }, { id: randomUUID(), now: at });
  return true;
}
