import { runServerProcess } from '@regicam/http';
import {
  CameraSimulator,
  DEMO_SAFIE_API_KEY,
  SIMULATED_POS_ITEM_ID,
  seedDemoCameras,
} from '@regicam/cameras/simulator';

/**
 * The simulator of Safie API v2 on its own (`npm start` can embed the same
 * one): the demo account's cameras under /v2/devices. SIM_PORT (default
 * 4001), SIM_HOST (default 127.0.0.1), SAFIE_API_KEY (the key it accepts,
 * default the demo key).
 */
async function main(): Promise<{ stop(): Promise<void> }> {
  const sim = new CameraSimulator();
  const apiKey = process.env['SAFIE_API_KEY'] ?? DEMO_SAFIE_API_KEY;
  const account = seedDemoCameras(sim, apiKey);
  const url = await sim.start(Number(process.env['SIM_PORT'] ?? 4001), process.env['SIM_HOST'] ?? '127.0.0.1');
  const cameras = account.cameras
    .map((c) => `  ${c.deviceId}  ${c.name}  clock ${c.clockOffsetMs >= 0 ? '+' : ''}${c.clockOffsetMs} ms`)
    .join('\n');
  process.stdout.write(
    `Camera simulator (Safie API v2) on ${url}\n` +
      `  header Safie-API-Key: ${apiKey}\n` +
      `  ${url}/v2/devices?item_id=${SIMULATED_POS_ITEM_ID}  (the cameras with the POS option)\n` +
      `  ${url}/v2/devices/<id>/image?timestamp=<ISO 8601 with zone>, /thumbnail, /media, /standard_events\n` +
      `${cameras}\n`,
  );
  return sim;
}

runServerProcess('The camera simulator', main);
