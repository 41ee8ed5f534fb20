import { CameraDirectory, type Camera, type CameraChange, type CameraSourceRef } from '@regicam/cameras';
import { loadCameraConfig, syncSafieCameras, type SyncResult } from '@regicam/cameras/gateway';
import { SafieCameraSource } from '@regicam/cameras/safie';
import type { Stores } from '@regicam/runtime';
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { ownerIdOf } from './admin';

/** Who makes a change from the command line: `cli:<the operating system user>`. */
export function cliActor(): string {
  let user = process.env['USER'] ?? 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (a container): the environment's USER
  }
  return `cli:${user}`;
}

const change = (actor: string) => ({ actor, now: new Date().toISOString() });

/** A new ingest token for a push camera; the old one stops working. The token is shown this once. */
export async function rotateIngestToken(
  stores: Stores,
  cameraId: string,
  actor: string,
): Promise<{ camera: Camera; token: string }> {
  return (await CameraDirectory.open(stores.readStore)).rotateIngestToken(cameraId, change(actor));
}

/** Reads a clock offset as given on the command line: whole milliseconds, signed. */
export function parseClockOffset(text: string): number {
  if (!/^[+-]?\d+$/.test(text.trim()))
    throw new Error(`the clock offset must be whole milliseconds, such as 2500 or -7000 (got "${text}")`);
  return Number(text);
}

export async function setClockOffset(stores: Stores, cameraId: string, ms: number, actor: string): Promise<Camera> {
  return (await CameraDirectory.open(stores.readStore)).setClockOffset(cameraId, ms, change(actor));
}

export type SourceOptions = { safie?: string; simulator?: string; push?: boolean; none?: boolean };

/** The source the options name: exactly one of --safie, --simulator, --push, --none. */
export function sourceFromOptions(o: SourceOptions): CameraSourceRef | null {
  const given = [o.safie !== undefined, o.simulator !== undefined, Boolean(o.push), Boolean(o.none)].filter(Boolean);
  if (given.length !== 1)
    throw new Error('give exactly one of --safie <deviceId>, --simulator <deviceId>, --push, --none');
  if (o.safie !== undefined) return { kind: 'safie', deviceId: o.safie };
  if (o.simulator !== undefined) return { kind: 'simulator', deviceId: o.simulator };
  return o.push ? { kind: 'push' } : null;
}

export async function setSource(
  stores: Stores,
  cameraId: string,
  source: CameraSourceRef | null,
  actor: string,
): Promise<Camera> {
  return (await CameraDirectory.open(stores.readStore)).setSource(cameraId, source, change(actor));
}

/**
 * Adds the owner's Safie devices with the POS option as cameras (see
 * `syncSafieCameras`), with the installation's Safie settings: SAFIE_URL,
 * SAFIE_API_KEY and SAFIE_POS_ITEM_ID.
 */
export async function syncSafie(
  stores: Stores,
  ownerEmail: string,
  actor: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SyncResult[]> {
  const { safie } = loadCameraConfig(env, 0, false);
  if (!safie.apiKey) throw new Error('set SAFIE_API_KEY: the Safie API key of this installation');
  if (safie.posItemId === null)
    throw new Error("set SAFIE_POS_ITEM_ID: the option item id of Safie's POS option (GET /v2/devices?item_id=)");
  const ownerId = await ownerIdOf(stores, ownerEmail);
  const source = new SafieCameraSource({ baseUrl: safie.url, auth: { apiKey: safie.apiKey } });
  return syncSafieCameras(await CameraDirectory.open(stores.readStore), source, {
    ownerId,
    itemId: safie.posItemId,
    actor,
    now: new Date(),
    newId: () => randomUUID(),
  });
}

export async function cameraChanges(stores: Stores, cameraId: string): Promise<CameraChange[]> {
  return (await CameraDirectory.open(stores.readStore)).changes(cameraId);
}

/** A source in words: `safie:<device>`, `simulator:<device>`, `push`, `none`. */
export function describeSource(source: CameraSourceRef | null): string {
  if (!source) return 'none';
  return source.kind === 'push' ? 'push' : `${source.kind}:${source.deviceId}`;
}

/** One line per change: when, who, what from what to what. */
export function describeChange(c: CameraChange): string {
  const value = (v: unknown): string =>
    c.field === 'source' ? describeSource(v as CameraSourceRef | null) : v === null ? 'none' : JSON.stringify(v);
  return `${c.at}  ${c.actor}  ${c.field}: ${value(c.from)} -> ${value(c.to)}`;
}
