import type { CameraSnapshot } from '@regicam/domain';
import type { Collection, ReadStore } from '@regicam/read-store';

/** A camera of an owner account, as the portal and the linking rules see it. */
export type Camera = {
  id: string;
  version: number;
  ownerId: string;
  name: string;
  model: string;
  serial: string;
  /** The POS option (POSレジ連携オプション) and its start date (YYYY-MM-DD, Japan time); null without it. */
  posOption: { from: string } | null;
  createdAt: string;
  updatedAt: string;
};

export type NewCamera = Pick<Camera, 'ownerId' | 'name' | 'model' | 'serial' | 'posOption'>;

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

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkPosOption(posOption: NewCamera['posOption']): void {
  if (posOption === null) return;
  if (!DATE.test(posOption.from) || Number.isNaN(Date.parse(`${posOption.from}T00:00:00+09:00`))) {
    throw new InvalidCameraInput('posOption.from', 'the POS option start must be a date like 2026-12-01');
  }
}

/**
 * The cameras of every owner, kept in the read store (collection `cameras`).
 * Each change raises the document's version, so concurrent edits of one
 * camera cannot silently overwrite each other.
 */
export class CameraDirectory {
  private constructor(private readonly cameras: Collection<Camera>) {}

  static async open(store: ReadStore): Promise<CameraDirectory> {
    const cameras = await store.collection<Camera>('cameras', {
      indexes: [
        {
          fields: [
            ['ownerId', 1],
            ['name', 1],
          ],
        },
        { fields: [['serial', 1]], unique: true },
      ],
    });
    return new CameraDirectory(cameras);
  }

  async add(input: NewCamera, ids: { id: string; now: string }): Promise<Camera> {
    for (const field of ['ownerId', 'name', 'model', 'serial'] as const) {
      if (typeof input[field] !== 'string' || input[field].trim() === '') {
        throw new InvalidCameraInput(field, `${field} must not be empty`);
      }
    }
    checkPosOption(input.posOption);
    const existing = await this.cameras.find({ serial: input.serial.trim() }, { limit: 1 });
    if (existing.items.length > 0)
      throw new InvalidCameraInput('serial', `a camera with serial ${input.serial} exists already`);
    const camera: Camera = {
      id: ids.id,
      version: 1,
      ownerId: input.ownerId,
      name: input.name.trim(),
      model: input.model.trim(),
      serial: input.serial.trim(),
      posOption: input.posOption,
      createdAt: ids.now,
      updatedAt: ids.now,
    };
    await this.cameras.upsert(camera);
    return camera;
  }

  /** Gives or takes away the POS option; from its start date the camera can be linked. */
  async setPosOption(cameraId: string, posOption: Camera['posOption'], now: string): Promise<Camera> {
    checkPosOption(posOption);
    const camera = await this.cameras.get(cameraId);
    if (!camera) throw new CameraNotFound(cameraId);
    const next = { ...camera, posOption, version: camera.version + 1, updatedAt: now };
    if ((await this.cameras.upsert(next)) === 'stale') {
      throw new Error(`camera ${cameraId} was changed at the same time; try again`);
    }
    return next;
  }

  async get(cameraId: string): Promise<Camera | null> {
    return this.cameras.get(cameraId);
  }

  /** The owner's cameras by name; only those with the POS option when asked. */
  async listByOwner(ownerId: string, options: { withPosOption?: boolean } = {}): Promise<Camera[]> {
    const out: Camera[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.cameras.find(
        options.withPosOption ? { ownerId, posOption: { $ne: null } } : { ownerId },
        { sort: [['name', 1]], limit: 1000, cursor },
      );
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }

  /** What the linking rules need to know of a camera, or null when there is no such camera. */
  async snapshot(cameraId: string): Promise<CameraSnapshot | null> {
    const camera = await this.cameras.get(cameraId);
    return camera ? { cameraId: camera.id, ownerId: camera.ownerId, posOption: camera.posOption } : null;
  }
}

/** Whether the camera can be linked at that time: its POS option has started (Japan midnight). */
export function posOptionActive(camera: Pick<Camera, 'posOption'>, at: string): boolean {
  return camera.posOption !== null && Date.parse(at) >= Date.parse(`${camera.posOption.from}T00:00:00+09:00`);
}
