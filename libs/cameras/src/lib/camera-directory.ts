import type { CameraSnapshot } from '@regicam/domain';
import type { Collection, ReadStore } from '@regicam/read-store';
import {
  CameraChanged,
  CameraNotFound,
  InvalidCameraInput,
  RECORDING_KINDS,
  checkClockOffset,
  checkPosOption,
  checkSource,
  sameSource,
  withDefaults,
  type Camera,
  type CameraChange,
  type CameraSourceRef,
  type ChangeMeta,
  type NewCamera,
} from './camera';
import { newIngestToken, tokenHash, tokenMatches } from './ingest-token';

/** A change without the version and meta it is recorded with. */
type ChangeOf<C = CameraChange> = C extends CameraChange ? Omit<C, 'version' | 'at' | 'actor'> : never;

/**
 * The cameras of every owner, kept in the read store (collection `cameras`,
 * a record of its own: not rebuildable by replay). Each change raises the
 * document's version and is written only over the version it was read at,
 * so concurrent edits of one camera cannot silently overwrite each other
 * (the loser gets `CameraChanged`). Changes of source, clock offset, POS
 * option and ingest token are recorded on the document (`changes`) in the
 * same write.
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
        { fields: [['source.deviceId', 1]] },
      ],
    });
    return new CameraDirectory(cameras);
  }

  async add(input: NewCamera, ids: { id: string; now: string; actor?: string }): Promise<Camera> {
    for (const field of ['ownerId', 'name', 'model', 'serial'] as const) {
      if (typeof input[field] !== 'string' || input[field].trim() === '') {
        throw new InvalidCameraInput(field, `${field} must not be empty`);
      }
    }
    checkPosOption(input.posOption);
    const source = checkSource(input.source ?? null);
    const clockOffsetMs = checkClockOffset(input.clockOffsetMs ?? 0);
    if (await this.findBySerial(input.serial))
      throw new InvalidCameraInput('serial', `a camera with serial ${input.serial} exists already`);
    const meta = { version: 1, at: ids.now, actor: ids.actor ?? 'system' };
    const changes: CameraChange[] = [
      ...(source ? [{ ...meta, field: 'source' as const, from: null, to: source }] : []),
      ...(clockOffsetMs !== 0 ? [{ ...meta, field: 'clockOffsetMs' as const, from: 0, to: clockOffsetMs }] : []),
    ];
    const camera: Camera = {
      id: ids.id,
      version: 1,
      ownerId: input.ownerId,
      name: input.name.trim(),
      model: input.model.trim(),
      serial: input.serial.trim(),
      posOption: input.posOption,
      source,
      clockOffsetMs,
      ingestToken: null,
      changes,
      createdAt: ids.now,
      updatedAt: ids.now,
    };
    if ((await this.cameras.upsert(camera)) === 'stale') throw new CameraChanged(camera.id);
    return camera;
  }

  /** Gives or takes away the POS option; from its start date the camera can be linked. */
  async setPosOption(cameraId: string, posOption: Camera['posOption'], now: string, actor = 'system'): Promise<Camera> {
    checkPosOption(posOption);
    return this.change(cameraId, { actor, now }, (c) =>
      samePosOption(c.posOption, posOption)
        ? null
        : { patch: { posOption }, changes: [{ field: 'posOption', from: c.posOption, to: posOption }] },
    );
  }

  /**
   * Sets where the camera's pictures come from. A camera that stops being a
   * push camera loses its ingest token in the same change (a later switch
   * back to push needs a new one).
   */
  async setSource(cameraId: string, source: CameraSourceRef | null, meta: ChangeMeta): Promise<Camera> {
    const checked = checkSource(source);
    return this.change(cameraId, meta, (c) => {
      if (sameSource(c.source, checked)) return null;
      const changes: ChangeOf[] = [{ field: 'source', from: c.source, to: checked }];
      const revoke = c.ingestToken !== null && checked?.kind !== 'push';
      if (revoke) changes.push({ field: 'ingestToken', from: c.ingestToken?.tokenId ?? null, to: null });
      return { patch: revoke ? { source: checked, ingestToken: null } : { source: checked }, changes };
    });
  }

  /** Sets how far the camera's clock runs ahead of true time (whole ms, at most 24 h either way). */
  async setClockOffset(cameraId: string, clockOffsetMs: number, meta: ChangeMeta): Promise<Camera> {
    const ms = checkClockOffset(clockOffsetMs);
    return this.change(cameraId, meta, (c) =>
      c.clockOffsetMs === ms
        ? null
        : { patch: { clockOffsetMs: ms }, changes: [{ field: 'clockOffsetMs', from: c.clockOffsetMs, to: ms }] },
    );
  }

  /**
   * A new ingest token for a push camera, replacing the one it had (which
   * stops working at once). The token is returned this once; only its
   * SHA-256 is stored.
   */
  async rotateIngestToken(cameraId: string, meta: ChangeMeta): Promise<{ camera: Camera; token: string }> {
    const { token, tokenId } = newIngestToken();
    const ingestToken = { tokenId, sha256: tokenHash(token), createdAt: meta.now, createdBy: meta.actor };
    const camera = await this.change(cameraId, meta, (c) => {
      if (c.source?.kind !== 'push') {
        throw new InvalidCameraInput(
          'source',
          `camera ${cameraId} is not a push camera (its source is ${c.source?.kind ?? 'not set'}); ` +
            `make it one first: regicam camera source ${cameraId} --push`,
        );
      }
      return {
        patch: { ingestToken },
        changes: [{ field: 'ingestToken', from: c.ingestToken?.tokenId ?? null, to: tokenId }],
      };
    });
    return { camera, token };
  }

  /**
   * The push camera this token belongs to, or null: an unknown camera, a
   * camera that is not a push camera, no token, or a wrong one. The hashes
   * are compared in constant time, also when there is no camera, so the
   * answer takes as long whatever is wrong.
   */
  async authenticatePush(cameraId: string, token: string): Promise<Camera | null> {
    const camera = await this.get(cameraId);
    const matches = tokenMatches(token, camera?.ingestToken?.sha256 ?? null);
    return matches && camera?.source?.kind === 'push' ? camera : null;
  }

  async get(cameraId: string): Promise<Camera | null> {
    const camera = await this.cameras.get(cameraId);
    return camera && withDefaults(camera);
  }

  /** The owner's camera; another owner's is not found, exactly like a missing one. */
  async getOfOwner(ownerId: string, cameraId: string): Promise<Camera> {
    const camera = await this.get(cameraId);
    if (!camera || camera.ownerId !== ownerId) throw new CameraNotFound(cameraId);
    return camera;
  }

  /** The owner's cameras by name; only those with the POS option when asked. */
  async listByOwner(ownerId: string, options: { withPosOption?: boolean } = {}): Promise<Camera[]> {
    return this.all(options.withPosOption ? { ownerId, posOption: { $ne: null } } : { ownerId }, [['name', 1]]);
  }

  /** Every camera with the POS option whose pictures are fetched from its recording (Safie, the simulator). */
  async listRecording(): Promise<Camera[]> {
    return this.all({ posOption: { $ne: null }, 'source.kind': { $in: [...RECORDING_KINDS] } }, [['id', 1]]);
  }

  async findBySerial(serial: string): Promise<Camera | null> {
    const found = await this.cameras.find({ serial: serial.trim() }, { limit: 1 });
    return found.items[0] ? withDefaults(found.items[0]) : null;
  }

  /** The camera with this vendor device as its source, if any. */
  async findBySource(source: Extract<CameraSourceRef, { deviceId: string }>): Promise<Camera | null> {
    const found = await this.cameras.find(
      { 'source.kind': source.kind, 'source.deviceId': source.deviceId },
      { limit: 1 },
    );
    return found.items[0] ? withDefaults(found.items[0]) : null;
  }

  /** The camera's recorded changes, oldest first. */
  async changes(cameraId: string): Promise<CameraChange[]> {
    const camera = await this.get(cameraId);
    if (!camera) throw new CameraNotFound(cameraId);
    return camera.changes;
  }

  /** What the linking rules need to know of a camera, or null when there is no such camera. */
  async snapshot(cameraId: string): Promise<CameraSnapshot | null> {
    const camera = await this.cameras.get(cameraId);
    return camera ? { cameraId: camera.id, ownerId: camera.ownerId, posOption: camera.posOption } : null;
  }

  /**
   * One change of a camera: read it, work out what changes (null: nothing,
   * the camera is answered as it is), write the new version with the
   * changes recorded, over the version read.
   */
  private async change(
    cameraId: string,
    meta: ChangeMeta,
    edit: (camera: Camera) => { patch: Partial<Camera>; changes: ChangeOf[] } | null,
  ): Promise<Camera> {
    const camera = await this.get(cameraId);
    if (!camera) throw new CameraNotFound(cameraId);
    const edited = edit(camera);
    if (!edited) return camera;
    const version = camera.version + 1;
    const recorded = edited.changes.map((e) => ({ ...e, version, at: meta.now, actor: meta.actor }) as CameraChange);
    const next: Camera = {
      ...camera,
      ...edited.patch,
      version,
      changes: [...camera.changes, ...recorded],
      updatedAt: meta.now,
    };
    if ((await this.cameras.upsert(next)) === 'stale') throw new CameraChanged(cameraId);
    return next;
  }

  private async all(filter: Parameters<Collection<Camera>['find']>[0], sort: [string, 1][]): Promise<Camera[]> {
    const out: Camera[] = [];
    let cursor: string | null = null;
    do {
      const page = await this.cameras.find(filter, { sort, limit: 1000, cursor });
      out.push(...page.items.map(withDefaults));
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }
}

function samePosOption(a: Camera['posOption'], b: Camera['posOption']): boolean {
  return a === null || b === null ? a === b : a.from === b.from;
}
