import { CameraSourceRefusedError, CameraSourceUnavailableError } from '../lib/errors';
import { type ContractContext, HOUR, failure, pastHour } from './context';

export function faultsContract(c: ContractContext): void {
  afterEach(() => c.harness().world.resetFaults());

  it('waits out a 429 and answers', async () => {
    const [camera] = await c.harness().world.addCameras(1);
    await c.harness().world.failNext('rate-limited', 1);

    const devices = await c.source().devices();

    expect(devices.map((d) => d.deviceId)).toContain(camera);
  });

  it('gives up on a service that keeps failing: unavailable, with no secret in the message', async () => {
    const [camera] = await c.harness().world.addCameras(1);
    await c.harness().world.failNext('server-error', 50);

    const error = await failure(c.harness(), c.source().imageAt(camera, pastHour(HOUR)));

    expect(error).toBeInstanceOf(CameraSourceUnavailableError);
    expect(error.reason).toBe('server');
  });

  it('calls a slow service unavailable (timeout) after its retries', async () => {
    await c.harness().world.setSlow(true);

    const error = await failure(c.harness(), c.source().devices());

    expect(error).toBeInstanceOf(CameraSourceUnavailableError);
    expect(error.reason).toBe('timeout');
  });

  it('is refused with credentials the service does not accept, without retrying', async () => {
    const [camera] = await c.harness().world.addCameras(1);
    const before = c.harness().world.requests();

    for (const call of [
      (s = c.harness().open('refused')) => s.devices(),
      (s = c.harness().open('refused')) => s.imageAt(camera, pastHour(HOUR)),
    ]) {
      const error = await failure(c.harness(), call());
      expect(error).toBeInstanceOf(CameraSourceRefusedError);
      expect(error.reason).toBe('credentials');
    }
    expect(c.harness().world.requests() - before).toBe(2);
  });

  it('passes a corrupt picture through as bytes: judging it is the caller’s', async () => {
    const [camera] = await c.harness().world.addCameras(1);
    await c.harness().world.failNext('corrupt-image', 1);

    const image = await c.source().imageAt(camera, pastHour(HOUR));

    expect(image.jpeg.length).toBeGreaterThan(0);
    await expect(c.harness().world.sceneOf(image.jpeg)).rejects.toThrow();
    const next = await c.source().imageAt(camera, pastHour(HOUR));
    expect((await c.harness().world.sceneOf(next.jpeg)).deviceId).toBe(camera);
  });
}
