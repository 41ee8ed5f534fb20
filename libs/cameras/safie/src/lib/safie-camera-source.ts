import {
  CameraSourceError,
  CameraSourceNotFoundError,
  CameraSourceRefusedError,
  CameraSourceRequestError,
  CameraSourceUnavailableError,
  type CameraDevice,
  type CameraEvent,
  type CameraEventType,
  type CameraImage,
  type CameraSource,
  type RecordedSegment,
} from '@regicam/cameras/source';
import {
  callVendor,
  readJson,
  redact,
  type RetryOptions,
  type UnavailableProblem,
  type Vendor,
  type VendorAnswer,
} from '@regicam/http';
import { z } from 'zod';
import { ownerMessages } from './messages';
import { checkDate, readSafieTime, safieTime, safieWindows } from './time';

/** How we prove who we are: an API key (`Safie-API-Key`), or an OAuth2 access token (`Authorization: Bearer`) from a provider that keeps it fresh. */
export type SafieAuth = { apiKey: string } | { accessToken: () => string | Promise<string> };

export type SafieOptions = {
  /** Default https://openapi.safie.link; the simulator's `url` in tests and the embedded default. */
  baseUrl?: string;
  auth: SafieAuth;
  /** Retries of 408, 429, 5xx, timeouts and network faults (`callVendor`'s defaults: 4 attempts, 15 s each). */
  retry?: RetryOptions;
  /** Items a page of devices or events asks for, 1..100 (default 100, Safie's maximum). */
  pageSize?: number;
  /** Our clock, for the rule that a range must end a minute before now (default Date.now). */
  now?: () => number;
};

/** Why Safie counts as unavailable, in the port's words. */
function unavailableReason(problem: UnavailableProblem): CameraSourceUnavailableError['reason'] {
  switch (problem.kind) {
    case 'status':
      return problem.status === 429 ? 'rate-limited' : 'server';
    case 'not-json':
      return 'malformed';
    default:
      return problem.kind;
  }
}

const SAFIE: Vendor = {
  name: 'Safie',
  unavailable: (message, problem) =>
    new CameraSourceUnavailableError(unavailableReason(problem), message, problem.retryAfterMs),
};

const Timestamp = z.union([z.string(), z.number()]);
const DevicePage = z.object({
  has_next: z.boolean(),
  count: z.number().int().nonnegative(),
  list: z.array(
    z.object({
      device_id: z.union([z.string(), z.number()]),
      serial: z.string(),
      setting: z.object({ name: z.string().nullish() }).nullish(),
      status: z.object({ video_streaming: z.boolean() }).nullish(),
      model: z.object({ description: z.string() }).nullish(),
    }),
  ),
});
const MediaList = z.object({ list: z.array(z.object({ timestamp: Timestamp, duration: z.number().nonnegative() })) });
const EventList = z.object({ list: z.array(z.object({ type: z.string(), timestamp: Timestamp })) });

type Query = Record<string, string | string[] | undefined>;

/**
 * The camera source for one Safie account, over Safie API v2.
 * - `devices` follows `has_next` (offset += count), `limit` ≤ 100.
 * - `recordings` and `events` split a range into day windows and refuse a
 *   range Safie would refuse before asking (`safieWindows`); events page
 *   until a page holds fewer than `limit` items.
 * - Every call goes through `callVendor` (bounded retries, Retry-After, no
 *   redirect followed); every answer is judged here into the port's errors.
 * - The key or token lives in a private field, is redacted from every
 *   vendor answer quoted, and never reaches a message.
 */
export class SafieCameraSource implements CameraSource {
  readonly #auth: SafieAuth;
  readonly #options: Omit<SafieOptions, 'auth'>;
  #lastToken = '';

  constructor({ auth, ...options }: SafieOptions) {
    const size = options.pageSize ?? 100;
    if (!Number.isInteger(size) || size < 1 || size > 100) {
      throw new RangeError(`Safie pageSize must be an integer from 1 to 100, not ${size}`);
    }
    this.#auth = auth;
    this.#options = options;
  }

  async devices(options: { itemId?: number } = {}): Promise<CameraDevice[]> {
    const limit = this.#options.pageSize ?? 100;
    const devices: CameraDevice[] = [];
    for (let offset = 0; ;) {
      const page = await this.json('devices', '/v2/devices', DevicePage, {
        offset: String(offset),
        limit: String(limit),
        item_id: options.itemId === undefined ? undefined : String(options.itemId),
      });
      for (const d of page.list) {
        devices.push({
          deviceId: String(d.device_id),
          serial: d.serial,
          name: d.setting?.name ?? null,
          model: d.model?.description ?? '',
          streaming: d.status?.video_streaming ?? false,
        });
      }
      if (!page.has_next) return devices;
      if (page.count === 0) {
        throw new CameraSourceUnavailableError(
          'malformed',
          'Safie devices: has_next with an empty page; try again later',
        );
      }
      offset += page.count;
    }
  }

  async imageAt(deviceId: string, at: Date): Promise<CameraImage> {
    checkDate(at, 'the image time');
    return this.image('image', deviceId, '/image', { timestamp: safieTime(at) });
  }

  async latestImage(deviceId: string): Promise<CameraImage> {
    return this.image('latest image', deviceId, '/image', {});
  }

  async thumbnail(deviceId: string): Promise<CameraImage> {
    return this.image('thumbnail', deviceId, '/thumbnail', {});
  }

  async recordings(deviceId: string, start: Date, end: Date): Promise<RecordedSegment[]> {
    const path = this.devicePath(deviceId, '/media');
    const byStart = new Map<number, RecordedSegment>();
    for (const window of safieWindows(start, end, this.now())) {
      const { list } = await this.json('media', path, MediaList, {
        start: safieTime(window.start),
        end: safieTime(window.end),
      });
      for (const item of list) {
        const from = this.time('media', item.timestamp);
        const to = new Date(from.getTime() + item.duration);
        if (to > start && from < end) byStart.set(from.getTime(), { from, to });
      }
    }
    return [...byStart.values()].sort((a, b) => a.from.getTime() - b.from.getTime());
  }

  async events(deviceId: string, start: Date, end: Date, types?: CameraEventType[]): Promise<CameraEvent[]> {
    const path = this.devicePath(deviceId, '/standard_events');
    const limit = this.#options.pageSize ?? 100;
    const found = new Map<string, CameraEvent>();
    for (const window of safieWindows(start, end, this.now())) {
      for (let offset = 0; ; offset += limit) {
        const { list } = await this.json('standard events', path, EventList, {
          start: safieTime(window.start),
          end: safieTime(window.end),
          offset: String(offset),
          limit: String(limit),
          event_types: types?.length ? types : undefined,
        });
        for (const item of list) {
          const at = this.time('standard events', item.timestamp);
          if (at >= start && at < end) found.set(`${item.type}@${at.getTime()}`, { type: item.type, at });
        }
        // A page is full when it holds `limit` items: then there may be more.
        if (list.length < limit) break;
      }
    }
    return [...found.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  private now(): number {
    return this.#options.now?.() ?? Date.now();
  }

  private devicePath(deviceId: string, endpoint: string): string {
    if (typeof deviceId !== 'string' || deviceId.trim() === '') {
      throw new CameraSourceRequestError('argument', 'the Safie device id must not be empty');
    }
    return `/v2/devices/${encodeURIComponent(deviceId)}${endpoint}`;
  }

  private time(what: string, value: string | number): Date {
    const at = readSafieTime(value);
    if (!at)
      throw new CameraSourceUnavailableError('malformed', `Safie ${what}: a timestamp is not a time; try again later`);
    return at;
  }

  private async json<T>(what: string, path: string, shape: z.ZodType<T>, query: Query): Promise<T> {
    const answer = await this.call(what, path, query, 'device');
    const parsed = shape.safeParse(readJson(SAFIE, what, answer));
    if (!parsed.success) {
      throw new CameraSourceUnavailableError(
        'malformed',
        `Safie ${what}: the answer is not of the documented shape; try again later`,
      );
    }
    return parsed.data;
  }

  private async image(what: string, deviceId: string, endpoint: string, query: Query): Promise<CameraImage> {
    const answer = await this.call(what, this.devicePath(deviceId, endpoint), query, 'image');
    const contentType = answer.headers.get('content-type') ?? '';
    // A redirect is not followed (it would carry our credentials elsewhere); Safie is not known to send one.
    if (answer.status >= 300 || !contentType.startsWith('image/')) {
      throw new CameraSourceUnavailableError(
        'malformed',
        `Safie ${what}: the answer (HTTP ${answer.status}, ${contentType || 'no content type'}) is not a picture; try again later`,
      );
    }
    return { jpeg: answer.body, contentType };
  }

  private base(): string {
    return this.#options.baseUrl ?? 'https://openapi.safie.link';
  }

  /** One call with our credentials; the answer judged (2xx and 3xx come back). */
  private async call(what: string, path: string, query: Query, missing: 'device' | 'image'): Promise<VendorAnswer> {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      for (const v of value === undefined ? [] : Array.isArray(value) ? value : [value]) search.append(name, v);
    }
    const url = `${this.base()}${path}${search.size ? `?${search}` : ''}`;
    const answer = await callVendor(SAFIE, what, url, { headers: await this.headers() }, this.#options.retry);
    return this.judge(what, answer, missing, path);
  }

  private async headers(): Promise<Record<string, string>> {
    const auth = this.#auth;
    if ('apiKey' in auth) return { 'Safie-API-Key': auth.apiKey };
    try {
      this.#lastToken = await auth.accessToken();
    } catch (error) {
      if (error instanceof CameraSourceError) throw error;
      throw new CameraSourceRefusedError('credentials', ownerMessages.noToken);
    }
    return { Authorization: `Bearer ${this.#lastToken}` };
  }

  /**
   * Safie's answer as the port's errors: 401 refused (credentials), 403
   * refused (permission), 404 not found (the body's `error` tells a missing
   * device from a missing image, an assumption; otherwise the endpoint's
   * kind), any other 4xx an invalid request with Safie's words.
   */
  private judge(what: string, answer: VendorAnswer, missing: 'device' | 'image', path: string): VendorAnswer {
    const { status } = answer;
    if (status < 400) return answer;
    const words = this.vendorWords(answer);
    if (status === 401) throw new CameraSourceRefusedError('credentials', ownerMessages.credentials, words);
    if (status === 403) {
      const deviceId = decodeURIComponent(/^\/v2\/devices\/([^/]+)/.exec(path)?.[1] ?? '');
      throw new CameraSourceRefusedError('permission', ownerMessages.permission(deviceId), words);
    }
    if (status === 404) {
      const kind = /device_not_found/.test(words) ? 'device' : /image_not_found/.test(words) ? 'image' : missing;
      throw new CameraSourceNotFoundError(
        kind,
        kind === 'device' ? `Safie ${what}: no such device` : `Safie ${what}: no picture recorded at that time (yet)`,
      );
    }
    throw new CameraSourceRequestError('rejected', `Safie ${what} refused the request (HTTP ${status}): ${words}`);
  }

  /** Safie's own words from an error answer (`message`, `error`), redacted; the status alone when there are none. */
  private vendorWords(answer: VendorAnswer): string {
    try {
      const body = JSON.parse(answer.text) as Record<string, unknown>;
      const words = [body['error'], body['message']].filter((w) => typeof w === 'string').join(': ');
      if (words) return redact(words.slice(0, 300), this.secrets());
    } catch {
      // not JSON: the status alone
    }
    return `HTTP ${answer.status}`;
  }

  private secrets(): string[] {
    return ['apiKey' in this.#auth ? this.#auth.apiKey : '', this.#lastToken];
  }
}
