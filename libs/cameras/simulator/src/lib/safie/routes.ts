import express, { type Request, type Response } from 'express';
import { SIMULATED_THUMBNAIL } from '../scene/layout';
import type { CameraSimulator, SimulatedAccount } from './camera-simulator';
import type { CameraFaults } from './faults';
import type { SimulatedCamera } from './simulated-camera';

/**
 * Safie API v2 as the simulator speaks it. Paths, auth headers, query
 * parameters and JSON shapes follow Safie's public client; the error body
 * `{status, error, message}` and the 404 kinds (`device_not_found`,
 * `image_not_found`) are our assumption (Safie's are not published).
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
const JST_MS = 9 * 3_600_000;
const EVENT_TYPES = ['connect', 'disconnect', 'motion', 'sound', 'person'];
const ISO_WITH_ZONE = /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?(Z|[+-]\d\d:?\d\d)$/;

/** A refusal the handler ends with: the status and the body's words. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string,
  ) {
    super(message);
  }
}

const refuse = (status: number, error: string, message: string) => new Refusal(status, error, message);

/** ISO 8601 time with ms and +09:00, Safie's own zone. */
export function isoJst(ms: number): string {
  return new Date(ms + JST_MS).toISOString().replace('Z', '+09:00');
}

/** A query time: ISO 8601 with a zone, or a refusal naming the parameter. */
function timeParam(req: Request, name: string): { ms: number; zone: string } {
  const value = req.query[name];
  const match = typeof value === 'string' ? ISO_WITH_ZONE.exec(value) : null;
  const ms = match ? Date.parse(value as string) : NaN;
  if (!match || Number.isNaN(ms)) {
    throw refuse(400, 'invalid_parameter', `${name} must be an ISO 8601 time with a time zone`);
  }
  return { ms, zone: match[1] === 'Z' ? '+00:00' : match[1].replace(/^([+-]\d\d)(\d\d)$/, '$1:$2') };
}

function intParam(req: Request, name: string, fallback: number, min: number, max: number): number {
  const value = req.query[name];
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || !/^\d+$/.test(value) || n < min || n > max) {
    throw refuse(400, 'invalid_parameter', `${name} must be an integer from ${min} to ${max}`);
  }
  return n;
}

/** `start` and `end` with Safie's rules: same zone, 1 minute to 1 day, end at least 1 minute before now. */
function rangeParams(req: Request, sim: CameraSimulator): { start: number; end: number } {
  const start = timeParam(req, 'start');
  const end = timeParam(req, 'end');
  if (start.zone !== end.zone) throw refuse(400, 'invalid_parameter', 'start and end must be in the same time zone');
  if (end.ms - start.ms < MINUTE || end.ms - start.ms > DAY) {
    throw refuse(400, 'invalid_parameter', 'the range from start to end must be 1 minute to 1 day');
  }
  if (end.ms > sim.now() - MINUTE) throw refuse(400, 'invalid_parameter', 'end must be at least 1 minute before now');
  return { start: start.ms, end: end.ms };
}

export function safieRouter(sim: CameraSimulator): express.Router {
  const router = express.Router();

  /** Runs a handler with the account its credentials stand for; refusals become Safie's error answers. */
  const handle =
    (handler: (req: Request, res: Response, account: SimulatedAccount) => Promise<void> | void) =>
    async (req: Request, res: Response) => {
      try {
        sim.requests.push(`${req.method} ${req.originalUrl}`);
        if (await sim.faults.answered(res)) return;
        const account = sim.authenticate(req.get('safie-api-key'), req.get('authorization'));
        if (!account) throw refuse(401, 'unauthorized', 'The API key or access token is invalid.');
        await handler(req, res, account);
      } catch (error) {
        if (!(error instanceof Refusal)) throw error;
        if (!res.headersSent)
          res.status(error.status).json({ status: error.status, error: error.error, message: error.message });
      }
    };

  /** A handler for the device named in the path, if this account may see it, after the device's own faults. */
  const forDevice = (handler: (req: Request, res: Response, camera: SimulatedCamera) => Promise<void> | void) =>
    handle(async (req, res, account) => {
      const camera = sim.cameras.get(String(req.params['deviceId']));
      if (!camera) throw refuse(404, 'device_not_found', 'The device does not exist.');
      if (!account.cameras.includes(camera)) throw refuse(403, 'forbidden', 'No permission for this device.');
      if (await camera.faults.answered(res)) return;
      await handler(req, res, camera);
    });

  /** The camera's time now, for a live picture; none while it is dark. */
  const live = (camera: SimulatedCamera): number => {
    const t = camera.cameraNow(sim.now());
    if (camera.isDark(t)) throw refuse(404, 'image_not_found', 'The device is offline.');
    return t;
  };

  const json = (res: Response, body: unknown, ...faults: CameraFaults[]) => {
    if (faults.some((f) => f.takeMalformed())) res.status(200).type('application/json').send('{"list": [{"timesta');
    else res.json(body);
  };

  /** A picture of `camera` at camera time `t`, as a JPEG (downscaled for a thumbnail), spoilt if a switch says so. */
  const picture = async (res: Response, camera: SimulatedCamera, t: number, width?: number) => {
    const frame = {
      camera: camera.number,
      cameraTimeMs: t,
      sceneSecond: Math.floor((t - camera.clockOffsetMs) / 1000),
    };
    let jpeg = await sim.renderer.jpeg(frame, width ? { width, quality: 70 } : {});
    const fault = sim.faults.takeImageFault() ?? camera.faults.takeImageFault();
    if (fault === 'corrupt') jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2048, 0x5a)]);
    if (fault === 'truncated') jpeg = jpeg.subarray(0, Math.floor(jpeg.length / 2));
    res.status(200).type('image/jpeg').send(jpeg);
  };

  router.get(
    '/v2/devices',
    handle((req, res, account) => {
      const offset = intParam(req, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
      const limit = intParam(req, 'limit', 20, 1, 100);
      const item = req.query['item_id'] === undefined ? undefined : intParam(req, 'item_id', 0, 0, 2 ** 31);
      const now = sim.now();
      const all = account.cameras.filter((c) => item === undefined || c.itemIds.includes(item));
      const page = all.slice(offset, offset + limit);
      json(
        res,
        {
          total: all.length,
          offset,
          count: page.length,
          has_next: offset + page.length < all.length,
          list: page.map((c) => ({
            device_id: c.deviceId,
            serial: c.serial,
            setting: { name: c.name },
            status: { video_streaming: !c.isDark(c.cameraNow(now)) },
            model: { description: c.model },
          })),
        },
        sim.faults,
      );
    }),
  );

  router.get(
    '/v2/devices/:deviceId/image',
    forDevice((req, res, camera) => {
      if (req.query['timestamp'] === undefined) return picture(res, camera, live(camera));
      const t = timeParam(req, 'timestamp').ms;
      if (!camera.hasFrame(t, sim.now())) throw refuse(404, 'image_not_found', 'No image was recorded at that time.');
      return picture(res, camera, t);
    }),
  );

  router.get(
    '/v2/devices/:deviceId/thumbnail',
    forDevice((_req, res, camera) => picture(res, camera, live(camera), SIMULATED_THUMBNAIL.width)),
  );

  router.get(
    '/v2/devices/:deviceId/media',
    forDevice((req, res, camera) => {
      const { start, end } = rangeParams(req, sim);
      const list = camera
        .segments(start, end, sim.now())
        .map((s) => ({ timestamp: isoJst(s.from), duration: s.to - s.from }));
      json(res, { list }, sim.faults, camera.faults);
    }),
  );

  router.get(
    '/v2/devices/:deviceId/standard_events',
    forDevice((req, res, camera) => {
      const { start, end } = rangeParams(req, sim);
      const offset = intParam(req, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
      const limit = intParam(req, 'limit', 20, 1, 100);
      const raw = req.query['event_types'];
      const types = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).flatMap((t) => String(t).split(','));
      const unknown = types.find((t) => !EVENT_TYPES.includes(t));
      if (unknown !== undefined) {
        throw refuse(400, 'invalid_parameter', `event_types must be among ${EVENT_TYPES.join(', ')}`);
      }
      const list = camera
        .events(start, end, sim.now())
        .filter((e) => types.length === 0 || types.includes(e.type))
        .slice(offset, offset + limit)
        .map((e) => ({ type: e.type, timestamp: isoJst(e.at) }));
      json(res, { list }, sim.faults, camera.faults);
    }),
  );

  router.use(
    handle(() => {
      throw refuse(404, 'not_found', 'No such API.');
    }),
  );

  return router;
}
