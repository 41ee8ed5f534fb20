import { BlobConflictError, BlobTooLargeError, type BlobStore } from '@regicam/blob-store';
import type { Camera, CameraDirectory } from '@regicam/cameras';
import { TOPIC, TOPICS, encodeRecord, type FrameCapturedRecord } from '@regicam/contracts';
import type { MessageLog } from '@regicam/messaging';
import sharp from 'sharp';

/** A frame push as the HTTP edge hands it over: nothing judged yet. */
export type FramePush = {
  cameraId: string;
  /** The `Authorization` header (`Bearer <ingest token>`). */
  authorization: string | undefined;
  contentType: string | undefined;
  /** The raw JPEG (a Buffer) when the body was `image/jpeg`; anything else otherwise. */
  body: unknown;
  /** `X-Captured-At` and `?capturedAt=`: an ISO 8601 time with its zone, on the camera's clock. */
  capturedAtHeader: string | undefined;
  capturedAtQuery: unknown;
};

/** The frame as announced; `duplicate` when these very bytes had been received for this time already. */
export type FrameAccepted = { frame: FrameCapturedRecord; duplicate: boolean };

/** Why a push was refused, with the HTTP status it answers; nothing was stored or announced. */
export class FrameRefused extends Error {
  constructor(
    readonly status: 400 | 401 | 409 | 413 | 415 | 503,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'FrameRefused';
  }
}

export type FrameIntakeOptions = {
  /** The largest JPEG, in bytes (default 5 MiB). */
  maxBytes?: number;
  /** The most pixels (width × height) of a frame (default 16 MP). */
  maxPixels?: number;
  /** How long a frame is kept: the frames topic's retention (default 3 days). */
  retentionMs?: number;
  now?: () => Date;
  log?: (level: 'warn', message: string) => void;
};

/** Kafka refuses a record whose timestamp is more than an hour ahead of the broker's clock. */
const MAX_AHEAD_MS = 3_600_000;
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Where a pushed frame is kept: one blob per camera and capture millisecond. */
export const frameBlobId = (cameraId: string, capturedAtMs: number) => `frames/${cameraId}/${capturedAtMs}.jpg`;
/** An empty blob beside the frame, written once its record was acknowledged: the frame has been announced. */
const announcedMarker = (blobId: string) => `${blobId}.announced`;

/**
 * Frames pushed by cameras whose source is `push`. A push:
 * 1. is authenticated by the camera's ingest token (constant-time; an
 *    unknown camera, another kind of camera, a missing or wrong token all
 *    answer 401 alike);
 * 2. must be a JPEG (`image/jpeg`, 415 otherwise) within the size (413),
 *    with a `capturedAt` no more than an hour ahead and within the frames'
 *    retention (400);
 * 3. is read with sharp: the header for format and dimensions (more than
 *    `maxPixels`: 413), then a decode at an eighth of the size, so a
 *    truncated or corrupt JPEG is refused (400) before anything is stored;
 * 4. is stored as `frames/<cameraId>/<capturedAt ms>.jpg`, expiring with the
 *    frames topic's retention; other bytes at that time are 409;
 * 5. is announced as `FrameCaptured` on the frames topic (timestamp =
 *    capturedAt), acknowledged by the broker, and then marked announced.
 * The same frame pushed again (same time, same bytes) is announced once:
 * the marker says it was. A frame stored but not announced (the broker was
 * down: 503, or the process died) is announced when it is pushed again.
 * Two identical pushes at the very same moment may both announce it; the
 * records have the same record id, which consumers drop.
 */
export class FrameIntake {
  constructor(
    private readonly directory: CameraDirectory,
    private readonly blobs: BlobStore,
    private readonly log: MessageLog,
    /** The broker's name of regicam.camera-frames.v1 (`stores.topics.cameraFrames`). */
    private readonly topic: string,
    private readonly options: FrameIntakeOptions = {},
  ) {}

  get maxBytes(): number {
    return this.options.maxBytes ?? 5 * 1024 * 1024;
  }

  async receive(push: FramePush): Promise<FrameAccepted> {
    const now = this.now();
    // 1. Who: the camera's ingest token.
    const camera = await this.authenticate(push);
    // 2. What and when.
    const jpeg = this.body(push);
    const capturedAtMs = this.capturedAt(push, now);
    // 3. Whether it is a JPEG sharp can read whole.
    const { width, height } = await this.inspect(jpeg);
    // 4. Stored once.
    const blobId = frameBlobId(camera.id, capturedAtMs);
    const created = await this.store(blobId, jpeg, camera, capturedAtMs);
    const frame: FrameCapturedRecord = {
      type: 'FrameCaptured',
      cameraId: camera.id,
      capturedAt: new Date(capturedAtMs).toISOString(),
      receivedAt: now.toISOString(),
      blobId,
      width,
      height,
    };
    if (!created && (await this.blobs.head(announcedMarker(blobId)))) return { frame, duplicate: true };
    // 5. Announced, acknowledged, marked.
    await this.announce(frame, capturedAtMs);
    return { frame, duplicate: !created };
  }

  private async authenticate(push: FramePush): Promise<Camera> {
    const bearer = /^Bearer ([\x21-\x7e]{1,200})$/i.exec(push.authorization?.trim() ?? '')?.[1] ?? '';
    const camera = await this.directory.authenticatePush(push.cameraId, bearer);
    if (!camera || bearer === '') {
      throw new FrameRefused(
        401,
        'invalid_token',
        "Send the camera's ingest token as Authorization: Bearer <token> (regicam camera token <cameraId> makes one); " +
          'the token is missing or wrong, or this is not a push camera.',
      );
    }
    return camera;
  }

  private body(push: FramePush): Buffer {
    if (!/^image\/jpeg\s*(;|$)/i.test(push.contentType ?? '') || !Buffer.isBuffer(push.body)) {
      throw new FrameRefused(415, 'unsupported_media_type', 'Send the frame as the body, Content-Type: image/jpeg.');
    }
    if (push.body.length === 0)
      throw new FrameRefused(400, 'bad_request', 'The body is empty: send the JPEG.', '(body)');
    if (push.body.length > this.maxBytes) {
      throw new FrameRefused(
        413,
        'too_large',
        `The frame is larger than the ${this.maxBytes} bytes accepted.`,
        '(body)',
      );
    }
    return push.body;
  }

  private capturedAt(push: FramePush, now: Date): number {
    const fromQuery = typeof push.capturedAtQuery === 'string' ? push.capturedAtQuery : undefined;
    const refuse = (message: string) => new FrameRefused(400, 'bad_request', message, 'capturedAt');
    if (push.capturedAtQuery !== undefined && fromQuery === undefined) throw refuse('capturedAt must be given once.');
    const given = push.capturedAtHeader?.trim() || fromQuery?.trim();
    if (!given) {
      throw refuse('Say when the frame was taken: an X-Captured-At header or ?capturedAt= with an ISO 8601 time.');
    }
    const ms = ISO_WITH_ZONE.test(given) ? Date.parse(given) : Number.NaN;
    if (Number.isNaN(ms)) {
      throw refuse(
        `capturedAt must be an ISO 8601 time with its zone, such as 2026-12-01T12:04:05.250+09:00 (got ${JSON.stringify(given.slice(0, 60))}).`,
      );
    }
    if (push.capturedAtHeader?.trim() && fromQuery?.trim() && Date.parse(fromQuery) !== ms) {
      throw refuse('X-Captured-At and ?capturedAt= name different times.');
    }
    if (ms > now.getTime() + MAX_AHEAD_MS) {
      throw refuse("capturedAt is more than an hour ahead of RegiCam's clock; check the camera's clock.");
    }
    const retention = this.retentionMs;
    if (retention !== null && ms < now.getTime() - retention) {
      throw refuse(`capturedAt is older than the ${Math.round(retention / 3_600_000)} hours frames are kept.`);
    }
    return ms;
  }

  private async inspect(jpeg: Buffer): Promise<{ width: number; height: number }> {
    const maxPixels = this.options.maxPixels ?? 16_000_000;
    const read = () => sharp(jpeg, { limitInputPixels: maxPixels, failOn: 'error' });
    let width: number;
    let height: number;
    try {
      const meta = await read().metadata();
      if (meta.format !== 'jpeg') throw new Error(`it is ${meta.format ?? 'no known image format'}`);
      width = meta.width;
      height = meta.height;
    } catch (error) {
      if (/pixel limit/i.test((error as Error).message)) throw this.tooManyPixels();
      throw notAJpeg(error);
    }
    if (width * height > maxPixels) throw this.tooManyPixels();
    try {
      // Decoding at an eighth of the size still reads every byte of the JPEG: a cut-off or corrupt one fails here.
      await read()
        .resize({ width: Math.max(1, Math.ceil(width / 8)), fit: 'inside' })
        .raw()
        .toBuffer();
    } catch (error) {
      throw notAJpeg(error);
    }
    return { width, height };
  }

  private tooManyPixels(): FrameRefused {
    const max = this.options.maxPixels ?? 16_000_000;
    return new FrameRefused(413, 'too_large', `The frame has more than the ${max} pixels accepted.`, '(body)');
  }

  private async store(blobId: string, jpeg: Buffer, camera: Camera, capturedAtMs: number): Promise<boolean> {
    try {
      const put = await this.blobs.put(blobId, jpeg, {
        contentType: 'image/jpeg',
        ...this.expiry(capturedAtMs),
        metadata: { cameraId: camera.id, capturedAt: new Date(capturedAtMs).toISOString() },
      });
      return put.created;
    } catch (error) {
      if (error instanceof BlobConflictError) {
        throw new FrameRefused(
          409,
          'conflict',
          `Another frame was received for ${new Date(capturedAtMs).toISOString()}; a frame is never replaced.`,
          'capturedAt',
        );
      }
      if (error instanceof BlobTooLargeError) {
        throw new FrameRefused(413, 'too_large', 'The frame is larger than the blob store accepts.', '(body)');
      }
      throw new FrameRefused(503, 'unavailable', 'The frame could not be stored now; send it again.');
    }
  }

  private async announce(frame: FrameCapturedRecord, capturedAtMs: number): Promise<void> {
    const record = encodeRecord(TOPIC.cameraFrames, frame);
    try {
      await this.log.send(this.topic, [
        { key: record.key, value: record.value, headers: record.headers, timestamp: capturedAtMs },
      ]);
    } catch {
      throw new FrameRefused(503, 'unavailable', 'The frame was stored but could not be announced now; send it again.');
    }
    try {
      await this.blobs.put(announcedMarker(frame.blobId), Buffer.alloc(0), {
        contentType: 'application/octet-stream',
        ...this.expiry(capturedAtMs),
      });
    } catch (error) {
      // The frame is announced; without its marker a push of it again only announces it again, with the same record id.
      this.options.log?.('warn', `frame ${frame.blobId} announced, but its marker was not stored: ${String(error)}`);
    }
  }

  private get retentionMs(): number | null {
    return this.options.retentionMs ?? TOPICS.cameraFrames.retentionMs;
  }

  /**
   * A frame expires with the frames topic's retention, counted from when it
   * was taken or received, whichever is later, so it outlives its record.
   */
  private expiry(capturedAtMs: number): { expiresAt?: Date } {
    const retention = this.retentionMs;
    return retention === null ? {} : { expiresAt: new Date(Math.max(capturedAtMs, this.now().getTime()) + retention) };
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }
}

function notAJpeg(error: unknown): FrameRefused {
  const why = error instanceof Error ? error.message : String(error);
  return new FrameRefused(
    400,
    'not_a_jpeg',
    `The body is not a JPEG that can be read whole (${why}); nothing was stored.`,
    '(body)',
  );
}
