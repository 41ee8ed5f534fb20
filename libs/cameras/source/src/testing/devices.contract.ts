import { type ContractContext } from './context';

export function devicesContract(c: ContractContext): void {
  it('lists every camera of the account over several pages, each once', async () => {
    const item = c.itemId();
    const withOption = await c.harness().world.addCameras(130, { itemId: item });
    const without = await c.harness().world.addCameras(5);

    const devices = await c.source().devices();

    const ids = devices.map((d) => d.deviceId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining([...withOption, ...without]));
    const one = devices.find((d) => d.deviceId === without[0]);
    expect(one).toEqual({
      deviceId: without[0],
      serial: expect.stringMatching(/\S/),
      name: expect.any(String),
      model: expect.stringMatching(/\S/),
      streaming: true,
    });
  });

  it('lists only the cameras with an option item when asked', async () => {
    const item = c.itemId();
    const other = c.itemId();
    const withOption = await c.harness().world.addCameras(104, { itemId: item });
    await c.harness().world.addCameras(3, { itemId: other });
    await c.harness().world.addCameras(2);

    const devices = await c.source().devices({ itemId: item });

    expect(devices.map((d) => d.deviceId).sort()).toEqual([...withOption].sort());
    expect(await c.source().devices({ itemId: c.itemId() })).toEqual([]);
  });

  it('says a camera is not streaming while it is dark', async () => {
    const [camera] = await c.harness().world.addCameras(1, { itemId: c.itemId() });
    const now = Date.now();
    await c.harness().world.addDarkPeriod(camera, new Date(now - 60_000), new Date(now + 3_600_000));

    const [device] = (await c.source().devices()).filter((d) => d.deviceId === camera);

    expect(device.streaming).toBe(false);
  });
}
