import { CameraSourceNotFoundError } from '../lib/errors';
import { type ContractContext, DAY, HOUR, MINUTE, at, failure, pastHour } from './context';

const JPEG_START = Buffer.from([0xff, 0xd8]);

export function imagesContract(c: ContractContext): void {
  it('gives the recorded frame at a camera time: the scene at that time minus the clock offset', async () => {
    const world = c.harness().world;
    const [ahead, behind] = await world.addCameras(2);
    await world.setClockOffset(ahead, 83_250);
    await world.setClockOffset(behind, -4 * MINUTE);
    const base = pastHour(3 * HOUR);

    for (const [camera, offset] of [
      [ahead, 83_250],
      [behind, -4 * MINUTE],
    ] as const) {
      for (const ms of [0, 1_000, 7 * MINUTE + 500, 45 * MINUTE + 59_999]) {
        const cameraTime = at(base, ms);
        const image = await c.source().imageAt(camera, cameraTime);

        expect(image.contentType).toMatch(/^image\/jpeg/);
        expect(image.jpeg.subarray(0, 2).equals(JPEG_START)).toBe(true);
        expect(await world.sceneOf(image.jpeg)).toEqual({
          deviceId: camera,
          epochSecond: Math.floor((cameraTime.getTime() - offset) / 1000),
        });
      }
    }
  });

  it('finds no image in a gap, after the recording or of a missing camera, and refuses an invalid time', async () => {
    const world = c.harness().world;
    const [camera] = await world.addCameras(1);
    const base = pastHour(2 * HOUR);
    await world.addGap(camera, at(base, 10 * MINUTE), at(base, 20 * MINUTE));

    const inGap = await failure(c.harness(), c.source().imageAt(camera, at(base, 15 * MINUTE)));
    expect(inGap).toBeInstanceOf(CameraSourceNotFoundError);
    expect(inGap.reason).toBe('image');
    const future = await failure(c.harness(), c.source().imageAt(camera, new Date(Date.now() + DAY)));
    expect(future).toMatchObject({ reason: 'image' });
    const nobody = await failure(c.harness(), c.source().imageAt('no-such-camera', base));
    expect(nobody).toBeInstanceOf(CameraSourceNotFoundError);
    expect(nobody.reason).toBe('device');

    const invalid = await failure(c.harness(), c.source().imageAt(camera, new Date(Number.NaN)));
    expect(invalid).toMatchObject({ reason: 'argument' });

    const after = await c.source().imageAt(camera, at(base, 20 * MINUTE));
    expect((await world.sceneOf(after.jpeg)).deviceId).toBe(camera);
  });

  it('finds no image until a late recorder has uploaded it', async () => {
    const world = c.harness().world;
    const [camera] = await world.addCameras(1);
    await world.setRecordingLag(camera, 10 * MINUTE);

    const recent = await failure(c.harness(), c.source().imageAt(camera, new Date(Date.now() - 2 * MINUTE)));
    expect(recent).toMatchObject({ reason: 'image' });
    const older = new Date(Date.now() - 15 * MINUTE);
    const image = await c.source().imageAt(camera, older);
    expect((await world.sceneOf(image.jpeg)).epochSecond).toBe(Math.floor(older.getTime() / 1000));
  });

  it('gives the latest picture and thumbnail of the camera: the scene of about now', async () => {
    const world = c.harness().world;
    const [camera] = await world.addCameras(1);

    for (const image of [await c.source().latestImage(camera), await c.source().thumbnail(camera)]) {
      expect(image.contentType).toMatch(/^image\/jpeg/);
      const scene = await world.sceneOf(image.jpeg);
      expect(scene.deviceId).toBe(camera);
      expect(Math.abs(scene.epochSecond - Date.now() / 1000)).toBeLessThan(30);
    }
  });
}
