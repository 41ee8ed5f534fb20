import type { BlobStore } from '@regicam/blob-store';
import { FolderBlobStore } from '@regicam/blob-store/folder';
import { SafieCameraSource } from '@regicam/cameras/safie';
import {
  CameraSimulator,
  SIMULATED_REGISTER_REGIONS,
  SceneRenderer,
  type SimulatedCamera,
} from '@regicam/cameras/simulator';
import { decodeRegisterBand } from '@regicam/cameras/simulator/testing';
import {
  DEAD_LETTER_HEADERS,
  TOPIC,
  decodeRecord,
  dlqTopic,
  encodeRecord,
  topicConfigs,
  type JobPicture,
  type Region,
  type ThumbnailJob,
  type ThumbnailReady,
  type ThumbnailsValue,
  type TopicNames,
} from '@regicam/contracts';
import type { ConsumedRecord, MessageLog, MessageReader } from '@regicam/messaging';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CameraSourceLookup } from '../lib/recorded-picture';
import { ThumbnailerRole, type ThumbnailerSettings } from '../lib/thumbnailer-role';

/** A message log to run the thumbnailer on, with its topics (named with `prefix`) created. */
export type LogUnderTest = {
  open(prefix: string, groupId: string): Promise<{ log: MessageLog; close(): Promise<void> }>;
  /** A name for the topics and the group of one describe block, unique on a shared broker. */
  unique(prefix: string): string;
};

const PARTITIONS = 3;
const API_KEY = 'thumbnailer-scenario-key';
const DAY = 86_400_000;
const RETENTION_MS = 400 * DAY;

/** The settings of the role under test: small waits, so that every scenario takes seconds. */
const SETTINGS: Partial<ThumbnailerSettings> = {
  concurrency: 2,
  maxPending: 16,
  retentionMs: RETENTION_MS,
  recordingRetry: { windowMs: 6_000, firstDelayMs: 300, maxDelayMs: 1_000 },
  commitIntervalMs: 100,
  retryDelayMs: 100,
  maxRetryDelayMs: 1_000,
  sweepIntervalMs: 3_600_000,
  stopGraceMs: 10_000,
};

const iso = (ms: number) => new Date(ms).toISOString();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A new topic's partitions may have no leader for a moment (Kafka): the first calls on them are tried again. */
async function settled(call: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= 20) throw error;
      await sleep(250);
    }
  }
}

/** Topics, a camera simulator on HTTP, a blob folder, a reader of the outcomes: one world per describe block. */
class World {
  readonly sim = new CameraSimulator();
  readonly renderer = new SceneRenderer();
  readonly outcomes = new Map<string, ThumbnailsValue[]>();
  readonly deadLetters: ConsumedRecord[] = [];
  readonly sources = new Map<string, { camera: SimulatedCamera; source: SafieCameraSource }>();
  /** Added to the real clock: the sweep scenario moves time on. */
  shiftMs = 0;
  log!: MessageLog;
  topics!: TopicNames;
  blobStore!: BlobStore;
  private closeLog!: () => Promise<void>;
  private readers: MessageReader[] = [];
  private readonly roles: ThumbnailerRole[] = [];
  private sequence = 0;
  /** The role's consumer group: one per world, as the broker is shared. */
  readonly groupId: string;

  constructor(private readonly under: LogUnderTest) {
    this.groupId = under.unique('regicam-thumbnailer');
  }

  readonly now = () => new Date(Date.now() + this.shiftMs);

  readonly cameraSource: CameraSourceLookup = async (cameraId) => {
    const known = this.sources.get(cameraId);
    return known ? { source: known.source, deviceId: known.camera.deviceId } : null;
  };

  async open(): Promise<void> {
    const prefix = `${this.under.unique('thumbs')}.`;
    const opened = await this.under.open(prefix, this.groupId);
    this.log = opened.log;
    this.closeLog = opened.close;
    this.topics = Object.fromEntries(
      Object.entries(TOPIC).map(([id, name]) => [id, `${prefix}${name}`]),
    ) as unknown as TopicNames;
    await this.log.createTopics(
      topicConfigs({ partitions: PARTITIONS }).map((t) => ({
        name: `${prefix}${t.name}`,
        partitions: t.partitions,
        config: { retentionMs: t.retentionMs, cleanupPolicy: t.cleanupPolicy },
      })),
    );
    this.blobStore = await FolderBlobStore.open(mkdtempSync(join(tmpdir(), 'regicam-thumbs-')));
    this.sim.addAccount({ apiKeys: [API_KEY] });
    await this.sim.start();
    const outcomes = this.log.reader({
      topic: this.topics.thumbnails,
      handler: async (batch) => {
        for (const record of batch.records) {
          const decoded = decodeRecord(TOPIC.thumbnails, record);
          if (!decoded.ok) throw new Error(`an outcome does not fit its contract: ${decoded.reason}`);
          const key = decoded.value.transactionKey;
          this.outcomes.set(key, [...(this.outcomes.get(key) ?? []), decoded.value]);
        }
      },
    });
    await outcomes.start();
    for (let p = 0; p < PARTITIONS; p++) await settled(() => outcomes.assign(p, 'earliest'));
    this.readers.push(outcomes);
  }

  /** The dead letters of the jobs topic, read once a consumer has created their topic. */
  async readDeadLetters(): Promise<void> {
    const reader = this.log.reader({
      topic: dlqTopic(this.topics.thumbnailJobs),
      handler: async (batch) => void this.deadLetters.push(...batch.records),
    });
    await reader.start();
    await settled(() => reader.assign(0, 'earliest'));
    this.readers.push(reader);
  }

  async close(): Promise<void> {
    for (const role of this.roles) await role.stop();
    for (const reader of this.readers) await reader.stop();
    await this.closeLog();
    await this.blobStore.close();
    await this.sim.stop();
  }

  role(settings: Partial<ThumbnailerSettings> = {}): ThumbnailerRole {
    const role = new ThumbnailerRole(
      {
        messageLog: this.log,
        topics: this.topics,
        blobStore: this.blobStore,
        cameraSource: this.cameraSource,
        now: this.now,
      },
      { ...SETTINGS, groupId: this.groupId, ...settings },
    );
    this.roles.push(role);
    return role;
  }

  /** A camera of the simulator, known to the lookup with a source holding `apiKey`. */
  camera(settings: { clockOffsetMs?: number; recordingLagMs?: number; apiKey?: string } = {}) {
    const id = randomUUID();
    const camera = this.sim.accounts[0].addCamera(settings);
    const source = new SafieCameraSource({
      baseUrl: this.sim.url,
      auth: { apiKey: settings.apiKey ?? API_KEY },
      retry: { attempts: 2, baseDelayMs: 50, timeoutMs: 5_000 },
    });
    this.sources.set(id, { camera, source });
    return { id, camera };
  }

  /** A frame of a simulated camera at a true second, in the blob store as the camera gateway keeps a pushed one. */
  async frame(camera: SimulatedCamera, second: number): Promise<JobPicture> {
    const capturedAt = second * 1000 + camera.clockOffsetMs;
    const jpeg = await this.renderer.jpeg({ camera: camera.number, cameraTimeMs: capturedAt, sceneSecond: second });
    const blobId = `frames/${camera.deviceId}/${capturedAt}.jpg`;
    await this.blobStore.put(blobId, jpeg, {
      contentType: 'image/jpeg',
      expiresAt: new Date(this.now().getTime() + 3 * DAY),
    });
    return { kind: 'frame', blobId, capturedAt: iso(capturedAt), width: 1280, height: 720 };
  }

  /** A job of a transaction at true time `posAt` on a camera with that clock offset. */
  job(
    cameraId: string,
    clockOffsetMs: number,
    posAt: number,
    picture: JobPicture,
    region: Region | null,
  ): ThumbnailJob {
    const transactionKey = `smaregi:scenario:${++this.sequence}`;
    return {
      type: 'ThumbnailJob',
      jobId: transactionKey,
      transactionKey,
      ownerId: 'owner-1',
      cameraId,
      linkId: 'link-1',
      terminalKey: 'smaregi:scenario:1',
      posAt: iso(posAt),
      targetAt: iso(posAt + clockOffsetMs),
      clockOffsetMs,
      region,
      picture,
      createdAt: iso(this.now().getTime()),
    };
  }

  async send(...jobs: ThumbnailJob[]): Promise<void> {
    const records = jobs.map((job) => encodeRecord(TOPIC.thumbnailJobs, job));
    await this.log.send(
      this.topics.thumbnailJobs,
      records.map((r) => ({ key: r.key, value: r.value, headers: r.headers })),
    );
  }

  /** The first outcome of a transaction, once it is there. */
  async outcome(transactionKey: string, timeoutMs = 30_000): Promise<ThumbnailsValue> {
    await this.until(`the outcome of ${transactionKey}`, () => this.outcomes.has(transactionKey), timeoutMs);
    return (this.outcomes.get(transactionKey) ?? [])[0];
  }

  async ready(transactionKey: string): Promise<ThumbnailReady> {
    const outcome = await this.outcome(transactionKey);
    if (outcome.type !== 'ThumbnailReady') throw new Error(`expected a thumbnail, got ${JSON.stringify(outcome)}`);
    return outcome;
  }

  async until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(50);
    }
  }

  /** What the 1x (or 2x) blob of a thumbnail shows. */
  async shown(ready: ThumbnailReady, scale: '1x' | '2x' = '1x') {
    const blob = await this.blobStore.getBuffer(ready.blobIds[scale]);
    if (!blob) throw new Error(`no blob ${ready.blobIds[scale]}`);
    return decodeRegisterBand(blob.data);
  }
}

/** The thumbnailer role against a message log, a blob folder and the camera simulator over HTTP. */
export function thumbnailerScenarios(name: string, under: LogUnderTest): void {
  // Group joins, recordings uploaded late and retry windows take seconds.
  jest.setTimeout(60_000);
  describe(`the thumbnailer role on ${name}`, () => {
    const world = new World(under);
    let role: ThumbnailerRole;
    const second = () => Math.floor(Date.now() / 1000) - 60;

    beforeAll(async () => {
      await world.open();
      role = world.role();
      await role.start();
      await world.readDeadLetters();
    });
    afterAll(() => world.close());

    it('makes the thumbnail of a pushed frame: the 1x and 2x show the linked register at that second', async () => {
      const { id, camera } = world.camera({ clockOffsetMs: 2_500 });
      const s = second();
      const picture = await world.frame(camera, s);
      const job = world.job(id, 2_500, s * 1000 - 100, picture, SIMULATED_REGISTER_REGIONS[1]);
      await world.send(job);
      const ready = await world.ready(job.transactionKey);
      expect(ready).toEqual({
        type: 'ThumbnailReady',
        transactionKey: job.transactionKey,
        ownerId: 'owner-1',
        cameraId: id,
        linkId: 'link-1',
        blobIds: {
          '1x': `thumbnails/${job.transactionKey}/1x.jpg`,
          '2x': `thumbnails/${job.transactionKey}/2x.jpg`,
        },
        width: 160,
        height: 180,
        frameAt: iso(s * 1000 + 2_500),
        skewMs: 100,
        createdAt: expect.any(String),
      });
      for (const scale of ['1x', '2x'] as const) {
        expect(await world.shown(ready, scale)).toEqual({ camera: camera.number, register: 2, epochSecond: s });
        const info = await world.blobStore.head(ready.blobIds[scale]);
        expect(info?.contentType).toBe('image/jpeg');
        // Kept for the thumbnail retention, whatever the frame's own expiry (3 days).
        expect(info!.expiresAt!.getTime() - info!.createdAt.getTime()).toBeGreaterThan(RETENTION_MS - 60_000);
      }
    });

    it('fetches a recording the camera uploads a few seconds late, asking again until it is there', async () => {
      const { id, camera } = world.camera({ recordingLagMs: 2_500, clockOffsetMs: -7_000 });
      const posAt = Date.now();
      const job = world.job(
        id,
        -7_000,
        posAt,
        { kind: 'recording', at: iso(posAt - 7_000) },
        SIMULATED_REGISTER_REGIONS[0],
      );
      await world.send(job);
      const ready = await world.ready(job.transactionKey);
      expect(ready).toMatchObject({ frameAt: job.targetAt, skewMs: 0, width: 160, height: 180 });
      expect(await world.shown(ready)).toEqual({
        camera: camera.number,
        register: 1,
        epochSecond: Math.floor(posAt / 1000),
      });
      const asked = world.sim.requests.filter((r) => r.startsWith(`GET /v2/devices/${camera.deviceId}/image`));
      expect(asked.length).toBeGreaterThan(1);
    });

    it('fails a recording that is not there by the end of the window (not_found), holding back no later job', async () => {
      const { id, camera } = world.camera({ recordingLagMs: 600_000 });
      const posAt = Date.now();
      const late = world.job(id, 0, posAt, { kind: 'recording', at: iso(posAt) }, null);
      const s = second();
      const next = world.job(id, 0, s * 1000, await world.frame(camera, s), SIMULATED_REGISTER_REGIONS[2]);
      // Same camera, same partition, the recording job first.
      await world.send(late, next);
      await world.ready(next.transactionKey);
      expect(world.outcomes.has(late.transactionKey)).toBe(false);
      const failed = await world.outcome(late.transactionKey);
      expect(failed).toMatchObject({ type: 'ThumbnailFailed', reason: 'not_found', cameraId: id });
      expect((failed as { detail: string }).detail).toMatch(/attempts over \d+ s/);
    });

    it('fails a corrupt or truncated picture from the camera (corrupt_image), and the next job of the camera succeeds', async () => {
      const { id, camera } = world.camera();
      const at = Date.now() - 120_000;
      const jobs = [0, 1, 2].map((i) =>
        world.job(id, 0, at + i * 1000, { kind: 'recording', at: iso(at + i * 1000) }, null),
      );
      camera.faults.set({ nextCorruptJpeg: 1 });
      await world.send(jobs[0]);
      expect(await world.outcome(jobs[0].transactionKey)).toMatchObject({
        type: 'ThumbnailFailed',
        reason: 'corrupt_image',
        detail: expect.stringMatching(/cannot be decoded/),
      });
      camera.faults.set({ nextTruncatedJpeg: 1 });
      await world.send(jobs[1]);
      expect(await world.outcome(jobs[1].transactionKey)).toMatchObject({
        type: 'ThumbnailFailed',
        reason: 'corrupt_image',
      });
      await world.send(jobs[2]);
      const ready = await world.ready(jobs[2].transactionKey);
      expect(ready).toMatchObject({ width: 320, height: 180 });
      expect(camera.faults.injected).toMatchObject({ corrupt: 1, truncated: 1 });
    });

    it('fails at once with camera_refused when the camera service refuses the credentials (401)', async () => {
      const { id } = world.camera({ apiKey: 'a-key-safie-does-not-know' });
      const at = Date.now() - 120_000;
      const job = world.job(id, 0, at, { kind: 'recording', at: iso(at) }, null);
      const started = Date.now();
      await world.send(job);
      expect(await world.outcome(job.transactionKey)).toMatchObject({
        type: 'ThumbnailFailed',
        reason: 'camera_refused',
      });
      expect(Date.now() - started).toBeLessThan(SETTINGS.recordingRetry!.windowMs);
    });

    it('fails a recording job for a camera with no recording source (not_found)', async () => {
      const at = Date.now() - 120_000;
      const job = world.job(randomUUID(), 0, at, { kind: 'recording', at: iso(at) }, null);
      await world.send(job);
      expect(await world.outcome(job.transactionKey)).toMatchObject({
        type: 'ThumbnailFailed',
        reason: 'not_found',
        detail: `camera ${job.cameraId} has no recording to fetch a picture from`,
      });
    });

    it('writes NoPicture with the reason of a job without a picture', async () => {
      const job = world.job(randomUUID(), 0, Date.now(), { kind: 'none', reason: 'camera_dark' }, null);
      await world.send(job);
      expect(await world.outcome(job.transactionKey)).toEqual({
        type: 'NoPicture',
        transactionKey: job.transactionKey,
        ownerId: 'owner-1',
        cameraId: job.cameraId,
        linkId: 'link-1',
        reason: 'camera_dark',
        createdAt: job.createdAt,
      });
    });

    it('sends a record that does not fit the contract to the dead-letter topic with the reason, and goes on', async () => {
      const { id, camera } = world.camera();
      const s = second();
      const good = world.job(id, 0, s * 1000, await world.frame(camera, s), null);
      const bad = encodeRecord(
        TOPIC.thumbnailJobs,
        world.job(id, 0, s * 1000, { kind: 'none', reason: 'no_frame' }, null),
      );
      const broken = { ...JSON.parse(bad.value), region: { x: 0.9, y: 0, width: 0.5, height: 1 } };
      await world.log.send(world.topics.thumbnailJobs, [
        { key: bad.key, value: JSON.stringify(broken), headers: bad.headers },
      ]);
      await world.send(good);
      await world.ready(good.transactionKey);
      await world.until('the dead letter', () => world.deadLetters.length > 0);
      const letter = world.deadLetters[0];
      expect(letter.headers[DEAD_LETTER_HEADERS.reason]).toMatch(/region\.width/);
      expect(letter.headers[DEAD_LETTER_HEADERS.group]).toBe(world.groupId);
      expect(world.outcomes.has(broken.transactionKey)).toBe(false);
    });

    it('does a job sent twice again to the same blobs and an equal outcome', async () => {
      const { id, camera } = world.camera();
      const s = second();
      const job = world.job(id, 0, s * 1000, await world.frame(camera, s), SIMULATED_REGISTER_REGIONS[0]);
      await world.send(job);
      const first = await world.ready(job.transactionKey);
      const stored = await world.blobStore.head(first.blobIds['1x']);
      await world.send(job);
      await world.until('the second outcome', () => (world.outcomes.get(job.transactionKey) ?? []).length === 2);
      expect(world.outcomes.get(job.transactionKey)![1]).toEqual(first);
      expect(await world.blobStore.head(first.blobIds['1x'])).toEqual(stored);
    });

    it('reports jobs in flight, made, failures by reason and the sweep', async () => {
      const [main, sweep] = await role.report();
      expect(main).toMatchObject({ part: 'thumbnailer', state: 'running', ready: true });
      expect(main.details).toMatchObject({
        inFlight: 0,
        waitingForRecording: 0,
        failures: { not_found: 2, corrupt_image: 2, camera_refused: 1 },
        noPicture: { camera_dark: 1 },
        deadLettered: 1,
      });
      expect(main.details?.['made']).toBeGreaterThanOrEqual(5);
      expect(sweep).toMatchObject({ part: 'thumbnailer:blob-sweep', ready: true });
    });

    // Last: the sweep deletes every blob expired by the moved clock, the other scenarios' too.
    it('deletes expired thumbnails and frames on its sweep (an injected clock past the retention)', async () => {
      const { id, camera } = world.camera();
      const s = second();
      const job = world.job(id, 0, s * 1000, await world.frame(camera, s), null);
      await world.send(job);
      const ready = await world.ready(job.transactionKey);
      await world.blobStore.put('evidence/kept', Buffer.from('kept'), {
        contentType: 'text/plain',
        expiresAt: new Date(Date.now() + 2 * RETENTION_MS),
      });
      // One day before the retention ends, the thumbnail stays (the frame, kept 3 days, goes).
      world.shiftMs = RETENTION_MS - DAY;
      await role.sweepExpired();
      expect(await world.blobStore.head(ready.blobIds['1x'])).not.toBeNull();
      expect(await world.blobStore.head((job.picture as { blobId: string }).blobId)).toBeNull();
      world.shiftMs = RETENTION_MS + DAY;
      expect(await role.sweepExpired()).toBeGreaterThanOrEqual(2);
      expect(await world.blobStore.head(ready.blobIds['1x'])).toBeNull();
      expect(await world.blobStore.head(ready.blobIds['2x'])).toBeNull();
      expect(await world.blobStore.head('evidence/kept')).not.toBeNull();
      const [, sweep] = await role.report();
      expect(sweep.details).toMatchObject({ lastError: null, lastDeleted: expect.any(Number) });
      expect(sweep.details?.['deleted']).toBeGreaterThanOrEqual(3);
      world.shiftMs = 0;
    });
  });

  describe(`the thumbnailer role restarted mid-flow on ${name}`, () => {
    const world = new World(under);
    beforeAll(() => world.open());
    afterAll(() => world.close());

    it('loses no job and duplicates none: every transaction ends with one outcome, redone ones equal', async () => {
      const lagging = world.camera({ recordingLagMs: 5_000 });
      const steady = world.camera();
      const first = world.role();
      await first.start();
      const s = Math.floor(Date.now() / 1000) - 60;
      const now = Date.now();
      const recordings = [0, 1, 2].map((i) =>
        world.job(lagging.id, 0, now + i, { kind: 'recording', at: iso(now + i) }, SIMULATED_REGISTER_REGIONS[i]),
      );
      const frames = await Promise.all(
        [0, 1, 2, 3].map(async (i) =>
          world.job(
            steady.id,
            0,
            (s + i) * 1000,
            await world.frame(steady.camera, s + i),
            SIMULATED_REGISTER_REGIONS[i % 3],
          ),
        ),
      );
      await world.send(...recordings, ...frames);
      await world.until('the frames made', () => frames.every((j) => world.outcomes.has(j.transactionKey)));
      const inFlight = async () => (await first.report())[0].details?.['inFlight'];
      await world.until('only the recordings in hand', async () => (await inFlight()) === recordings.length);
      // 1. A graceful stop gives the jobs waiting for their recording up, uncommitted.
      await first.stop();
      expect(recordings.some((j) => !world.outcomes.has(j.transactionKey))).toBe(true);
      // 2. The next member of the group takes them over from the last commit.
      const second = world.role();
      await second.start();
      const all = [...recordings, ...frames];
      await world.until('every outcome', () => all.every((j) => world.outcomes.has(j.transactionKey)), 45_000);
      for (const job of all) {
        const outcomes = world.outcomes.get(job.transactionKey)!;
        expect(outcomes[0]).toMatchObject({ type: 'ThumbnailReady', transactionKey: job.transactionKey });
        outcomes.forEach((o) => expect(o).toEqual(outcomes[0]));
      }
      for (const [i, job] of recordings.entries()) {
        expect(await world.shown(world.outcomes.get(job.transactionKey)![0] as ThumbnailReady)).toEqual({
          camera: lagging.camera.number,
          register: i + 1,
          epochSecond: Math.floor((now + i) / 1000),
        });
      }
      await second.stop();
    });
  });
}
