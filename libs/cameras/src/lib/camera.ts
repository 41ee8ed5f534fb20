/**
 * Where a camera's pictures come from:
 * - `safie`: a Safie camera, read through Safie API v2 with the
 *   installation's key (its recording is fetched at a time);
 * - `simulator`: a camera of the embedded camera simulator, read the same way;
 * - `push`: the camera sends its frames to RegiCam (`POST /api/cameras/:id/frames`);
 * - null: not set yet (nothing is fetched or accepted).
 */
export type CameraSourceRef =
  { kind: 'safie'; deviceId: string } | { kind: 'simulator'; deviceId: string } | { kind: 'push' };

export type CameraSourceKind = CameraSourceRef['kind'];

/** Sources whose pictures are fetched from the camera's recording (the others push, or have none). */
export const RECORDING_KINDS: readonly CameraSourceKind[] = ['safie', 'simulator'];

export const isRecording = (source: CameraSourceRef | null): source is Extract<CameraSourceRef, { deviceId: string }> =>
  source !== null && RECORDING_KINDS.includes(source.kind);

/** A push camera's ingest token as stored: never the token, only its SHA-256. */
export type IngestTokenRecord = {
  /** A public name of the token (no secret), so the history tells one token from the next. */
  tokenId: string;
  sha256: string;
  createdAt: string;
  createdBy: string;
};

/** One change of a camera's settings, as the owner and auditors read it: what, from what to what, who, when. */
export type CameraChange = { version: number; at: string; actor: string } & (
  | { field: 'source'; from: CameraSourceRef | null; to: CameraSourceRef | null }
  | { field: 'clockOffsetMs'; from: number; to: number }
  | { field: 'posOption'; from: { from: string } | null; to: { from: string } | null }
  /** From one token id to the next; null: no token (none yet, or revoked). */
  | { field: 'ingestToken'; from: string | null; to: string | null }
);

/** A camera of an owner account, as the portal, the linking rules and the stream roles see it. */
export type Camera = {
  id: string;
  version: number;
  ownerId: string;
  name: string;
  model: string;
  serial: string;
  /** The POS option (POSレジ連携オプション) and its start date (YYYY-MM-DD, Japan time); null without it. */
  posOption: { from: string } | null;
  source: CameraSourceRef | null;
  /**
   * How far the camera's clock runs ahead of true time, in whole
   * milliseconds (negative: behind); at most 24 hours either way. The
   * picture of a sale at POS time t is the camera's at t + this.
   */
  clockOffsetMs: number;
  ingestToken: IngestTokenRecord | null;
  /**
   * Every change of source, clock offset, POS option and ingest token, oldest
   * first. Kept on the camera document itself so that a change and its
   * record are one version-guarded write: neither exists without the other.
   * Changes are made by people (owner, operator), so the list stays short.
   */
  changes: CameraChange[];
  createdAt: string;
  updatedAt: string;
};

export type NewCamera = Pick<Camera, 'ownerId' | 'name' | 'model' | 'serial' | 'posOption'> &
  Partial<Pick<Camera, 'source' | 'clockOffsetMs'>>;

/** Who makes a change and when (an ISO time): `owner:<id>`, `cli:<user>`, `system:<role>`. */
export type ChangeMeta = { actor: string; now: string };

export class InvalidCameraInput extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidCameraInput';
  }
}

export class CameraNotFound extends Error {
  constructor(readonly cameraId: string) {
    super(`camera ${cameraId} was not found`);
    this.name = 'CameraNotFound';
  }
}

/** Another change of the camera was written between our read and our write: nothing was changed; try again. */
export class CameraChanged extends Error {
  constructor(readonly cameraId: string) {
    super(`camera ${cameraId} was changed at the same time; nothing was changed, try again`);
    this.name = 'CameraChanged';
  }
}

export const MAX_CLOCK_OFFSET_MS = 24 * 3_600_000;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A vendor's device id: 1 to 128 visible ASCII characters (it goes into a URL path, encoded). */
const DEVICE_ID = /^[\x21-\x7e]{1,128}$/;

export function checkPosOption(posOption: Camera['posOption']): void {
  if (posOption === null) return;
  if (!DATE.test(posOption.from) || Number.isNaN(Date.parse(`${posOption.from}T00:00:00+09:00`))) {
    throw new InvalidCameraInput('posOption.from', 'the POS option start must be a date like 2026-12-01');
  }
}

export function checkClockOffset(ms: unknown): number {
  if (typeof ms !== 'number' || !Number.isInteger(ms) || Math.abs(ms) > MAX_CLOCK_OFFSET_MS) {
    throw new InvalidCameraInput(
      'clockOffsetMs',
      `clockOffsetMs must be a whole number of milliseconds from -${MAX_CLOCK_OFFSET_MS} to ${MAX_CLOCK_OFFSET_MS} (24 hours)`,
    );
  }
  return ms;
}

export function checkSource(source: unknown): CameraSourceRef | null {
  if (source === null) return null;
  const s = source as { kind?: unknown; deviceId?: unknown };
  if (s?.kind === 'push') return { kind: 'push' };
  if (s?.kind !== 'safie' && s?.kind !== 'simulator') {
    throw new InvalidCameraInput('source.kind', 'source.kind must be safie, simulator or push (or no source: null)');
  }
  if (typeof s.deviceId !== 'string' || !DEVICE_ID.test(s.deviceId)) {
    throw new InvalidCameraInput('source.deviceId', 'source.deviceId must be 1 to 128 visible ASCII characters');
  }
  return { kind: s.kind, deviceId: s.deviceId };
}

export function sameSource(a: CameraSourceRef | null, b: CameraSourceRef | null): boolean {
  if (a === null || b === null) return a === b;
  return a.kind === b.kind && (a.kind === 'push' || a.deviceId === (b as { deviceId: string }).deviceId);
}

/** Documents written before sources and offsets existed read as having none. */
export function withDefaults(doc: Camera): Camera {
  return {
    ...doc,
    source: doc.source ?? null,
    clockOffsetMs: doc.clockOffsetMs ?? 0,
    ingestToken: doc.ingestToken ?? null,
    changes: doc.changes ?? [],
  };
}

/** Whether the camera can be linked at that time: its POS option has started (Japan midnight). */
export function posOptionActive(camera: Pick<Camera, 'posOption'>, at: string): boolean {
  return camera.posOption !== null && Date.parse(at) >= Date.parse(`${camera.posOption.from}T00:00:00+09:00`);
}

/** The date in Japan (YYYY-MM-DD) at that time: the day a POS option given now starts. */
export function japanDate(at: Date): string {
  return new Date(at.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}
