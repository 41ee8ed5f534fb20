import express from 'express';
import { LocalHttpServer } from '@regicam/http';
import { SceneRenderer } from '../scene/renderer';
import { CameraFaults } from './faults';
import { safieRouter } from './routes';
import { SimulatedCamera, type SimulatedCameraSettings } from './simulated-camera';

/** The credentials of one Safie account: API keys (`Safie-API-Key`) and OAuth2 access tokens (`Authorization: Bearer`). */
export type SimulatedAccountSettings = { apiKeys?: string[]; accessTokens?: string[] };

/** One account of the simulated camera cloud and its cameras, in the order they were added (the device list's order). */
export class SimulatedAccount {
  readonly cameras: SimulatedCamera[] = [];

  constructor(
    private readonly sim: CameraSimulator,
    readonly apiKeys: string[],
    readonly accessTokens: string[],
  ) {}

  addCamera(settings: SimulatedCameraSettings = {}): SimulatedCamera {
    const camera = this.sim.createCamera(settings);
    this.cameras.push(camera);
    return camera;
  }

  addCameras(count: number, settings: Omit<SimulatedCameraSettings, 'deviceId' | 'serial' | 'number'> = {}) {
    return Array.from({ length: count }, () => this.addCamera(settings));
  }
}

/**
 * A simulator of Safie API v2 (`/v2/devices`, `/image`, `/thumbnail`,
 * `/media`, `/standard_events`) for several accounts and cameras, drawing
 * every picture on the fly (`SceneRenderer`): a shop counter with three
 * registers whose clocks show the camera's time and whose bands encode the
 * camera, the register and the true second of the scene. Point the Safie
 * adapter's base URL at `url`. `faults` applies to every request; each
 * camera has faults and a timeline of its own (`SimulatedCamera`).
 */
export class CameraSimulator extends LocalHttpServer {
  readonly faults = new CameraFaults();
  readonly renderer = new SceneRenderer();
  readonly cameras = new Map<string, SimulatedCamera>();
  readonly accounts: SimulatedAccount[] = [];
  /** `METHOD path?query` of every request received, in order (credentials travel in headers, never here). */
  readonly requests: string[] = [];
  private clock: number | null = null;
  private nextNumber = 1;

  /** The simulator's true time: real time unless set. */
  now(): number {
    return this.clock ?? Date.now();
  }

  setClock(at: Date | null): void {
    this.clock = at ? at.getTime() : null;
  }

  addAccount(settings: SimulatedAccountSettings): SimulatedAccount {
    const account = new SimulatedAccount(this, settings.apiKeys ?? [], settings.accessTokens ?? []);
    this.accounts.push(account);
    return account;
  }

  /** A camera of no account yet (`SimulatedAccount.addCamera` adds one to an account). */
  createCamera(settings: SimulatedCameraSettings): SimulatedCamera {
    const number = settings.number ?? this.nextNumber;
    const camera = new SimulatedCamera(number, settings);
    if (this.cameras.has(camera.deviceId)) throw new Error(`a simulated camera ${camera.deviceId} exists already`);
    if ([...this.cameras.values()].some((c) => c.number === number)) {
      throw new Error(`simulated camera number ${number} is taken`);
    }
    this.nextNumber = Math.max(this.nextNumber, number + 1);
    this.cameras.set(camera.deviceId, camera);
    return camera;
  }

  camera(deviceId: string): SimulatedCamera {
    const camera = this.cameras.get(deviceId);
    if (!camera) throw new Error(`no simulated camera ${deviceId}`);
    return camera;
  }

  /** The account whose API key or Bearer token this is; an access token wins over an API key, as at Safie. */
  authenticate(apiKey: string | undefined, authorization: string | undefined): SimulatedAccount | undefined {
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    if (token !== undefined) return this.accounts.find((a) => a.accessTokens.includes(token));
    return apiKey === undefined ? undefined : this.accounts.find((a) => a.apiKeys.includes(apiKey));
  }

  app(): express.Express {
    const app = express();
    app.disable('x-powered-by');
    app.use(safieRouter(this));
    return app;
  }
}
