/**
 * The camera source port: what RegiCam needs of a cloud camera service for
 * one account (one API key or access token). The Safie adapter speaks Safie
 * API v2; the tests run it against our simulator of that API
 * (`@regicam/cameras/simulator`).
 *
 * Every time given or returned is on the CAMERA's clock: the image at camera
 * time T shows what happened at true time T − the camera's clock offset. The
 * caller (the join) adds the offset to a POS time before it asks.
 */

/** A camera of the account. */
export type CameraDevice = {
  /** The vendor's id, used in every other call. */
  deviceId: string;
  serial: string;
  /** The name the owner gave it (null when none was set). */
  name: string | null;
  /** The model's description, e.g. `CC-2L_SF`. */
  model: string;
  /** Whether the camera is connected and streaming now. */
  streaming: boolean;
};

/** A picture as the camera service sent it: the bytes are not judged here (a corrupt JPEG is the thumbnailer's to refuse). */
export type CameraImage = { jpeg: Buffer; contentType: string };

/** A stretch of recorded video, `from` inclusive, `to` exclusive (camera clock). */
export type RecordedSegment = { from: Date; to: Date };

/** Safie's standard events; an unknown type from the vendor is kept as it came. */
export type CameraEventType = 'connect' | 'disconnect' | 'motion' | 'sound' | 'person';

/** `string & Record<never, never>` keeps the known names suggested while any other string is allowed. */
export type CameraEvent = { type: CameraEventType | (string & Record<never, never>); at: Date };

/** Reads the cameras, recorded frames, recordings and events of one account. */
export interface CameraSource {
  /** Every camera of the account (all pages); with `itemId`, only those with that option (the POS option). */
  devices(options?: { itemId?: number }): Promise<CameraDevice[]>;

  /**
   * The recorded frame at camera time `at`. CameraSourceNotFoundError
   * (`image`) when nothing was recorded then, or not yet uploaded: a
   * recorder that uploads late answers later.
   */
  imageAt(deviceId: string, at: Date): Promise<CameraImage>;

  /** The camera's latest picture, full size. */
  latestImage(deviceId: string): Promise<CameraImage>;

  /** The camera's latest small picture. */
  thumbnail(deviceId: string): Promise<CameraImage>;

  /**
   * The recorded segments that overlap `[start, end)`, in time order, each
   * once, whole (a segment may begin before `start` or end after `end`).
   * Any length of range; a range the vendor cannot answer yet (too recent)
   * is CameraSourceRequestError (`too-recent`).
   */
  recordings(deviceId: string, start: Date, end: Date): Promise<RecordedSegment[]>;

  /** The events in `[start, end)`, in time order, each once; only `types` when given. The same range rules as `recordings`. */
  events(deviceId: string, start: Date, end: Date, types?: CameraEventType[]): Promise<CameraEvent[]>;
}

/** The segment that holds camera time `at` (`from <= at < to`), if any: where a recorded frame of that moment is. */
export function coveringSegment(segments: RecordedSegment[], at: Date): RecordedSegment | undefined {
  const t = at.getTime();
  return segments.find((s) => s.from.getTime() <= t && t < s.to.getTime());
}
