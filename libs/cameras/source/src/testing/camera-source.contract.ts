import type { CameraSource } from '../lib/camera-source';
import type { CameraSourceHarness, ContractContext } from './context';
import { devicesContract } from './devices.contract';
import { faultsContract } from './faults.contract';
import { imagesContract } from './images.contract';
import { recordingsContract } from './recordings.contract';

/**
 * The behaviour every camera source adapter guarantees, as jest tests. The
 * adapter's own spec calls this with a harness on a simulator of its
 * vendor's API. Each test adds cameras of its own, so the tests do not
 * depend on each other's order.
 */
export function cameraSourceContract(adapter: string, harness: () => Promise<CameraSourceHarness>): void {
  describe(`camera source contract: ${adapter}`, () => {
    // A 429 is waited out (a second); retries of a slow service take a few.
    jest.setTimeout(60_000);
    let h: CameraSourceHarness | undefined;
    let source: CameraSource | undefined;
    let items = 7_000;
    const context: ContractContext = {
      harness: () => {
        if (!h) throw new Error('the harness is not ready');
        return h;
      },
      source: () => {
        if (!source) throw new Error('the harness did not open a source');
        return source;
      },
      itemId: () => ++items,
    };

    beforeAll(async () => {
      h = await harness();
      source = h.open();
    });

    afterAll(async () => {
      await h?.close?.();
    });

    describe('devices', () => devicesContract(context));
    describe('images', () => imagesContract(context));
    describe('recordings and events', () => recordingsContract(context));
    describe('faults', () => faultsContract(context));
  });
}
