import type { INestApplicationContext, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CameraDirectory } from '@regicam/cameras';
import { FrameIntake } from '@regicam/cameras/gateway';
import {
  CameraSimulator,
  SIMULATED_POS_ITEM_ID,
  SIMULATED_REGISTER_REGIONS,
  SceneRenderer,
  type SimulatedAccount,
  type SimulatedCamera,
} from '@regicam/cameras/simulator';
import { decodeRegisterBand } from '@regicam/cameras/simulator/testing';
import { TOPIC, decodeRecord, type ThumbnailReady, type ThumbnailsValue } from '@regicam/contracts';
import {
  terminalLinkDecider,
  terminalLinkStream,
  type CreateLink,
  type RelinkTerminal,
  type TerminalRef,
} from '@regicam/domain';
import { handleCommand } from '@regicam/event-sourcing';
import type { MessageLog, MessageReader } from '@regicam/messaging';
import type { PartReport, RoleHost, RoleName } from '@regicam/roles';
import {
  ROLE_HOST,
  RuntimeModule,
  ensureRegiCamTopics,
  loadRuntimeConfig,
  loadStoreConfig,
  openStores,
  type StoreConfig,
  type Stores,
} from '@regicam/runtime';
import { freePort, requireServer, startProgram, uniqueName, type OwnedProcess } from '@regicam/testing/servers';
import { recordTransaction } from '@regicam/transactions';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReaderGate } from '@regicam/stream/join/testing';

/** The camera simulator's key in every world; the roles read `simulator` cameras with it. */
const SIMULATOR_API_KEY = 'pipeline-simulator-key';
const CONTRACT_ID = 'pipeline';
const ACTOR = 'system:smaregi-poller';

export type WorldOptions = {
  /** The embedded SQLite log (one process) or the real Kafka (`KAFKA_BROKERS`). */
  log: 'sqlite' | 'kafka';
  /** Partitions of every topic (default 3). */
  partitions?: number;
  /** More settings for the roles, in-process and in the worker processes (`JOIN_GRACE_MS`, …). */
  env?: Record<string, string>;
};

/** A camera of the world: in the camera directory (its RegiCam id) and drawn by the simulator (its band number). */
export type WorldCamera = {
  id: string;
  /** The number its pictures' bands show. */
  number: number;
  kind: 'push' | 'recording';
  clockOffsetMs: number;
  /** The simulator's camera: serves a recording camera's pictures; a push camera's reserves its number. */
  simulated: SimulatedCamera;
  /** A push camera's ingest token. */
  token?: string;
};

/** A sale as recorded, with the picture it must get. */
export type Sale = {
  transactionKey: string;
  terminalId: string;
  /** The register's clock at the sale (ms), a whole second. */
  occurredAtMs: number;
  /** When `recordTransaction` returned (ms). */
  recordedAt: number;
};

/** An outcome read from the thumbnails topic, with when it was read. */
export type Outcome = { value: ThumbnailsValue; readAt: number; partition: number; offset: string };

/** What a thumbnail shows, as its band says. */
export type Picture = { camera: number; register: number; epochSecond: number };

/** The roles composed in this process as a worker composes them (the runtime's Nest modules). */
export type InProcessRoles = {
  app: INestApplicationContext;
  /** The reports of the roles this process hosts. */
  reports(): Promise<{ role: RoleName; parts: PartReport[] }[]>;
  stop(): Promise<void>;
};

/** A worker process (`dist/apps/worker/main.js`) of this world, and its health report. */
export type WorldWorker = OwnedProcess & {
  roles: string;
  port: number;
  /** The `roles` section of `/api/health/ready`, or null when it does not answer. */
  report(): Promise<{ role: string; parts: PartReport[] }[] | null>;
};

export const wholeSecond = (ms: number) => Math.floor(ms / 1000) * 1000;
const iso = (ms: number) => new Date(ms).toISOString();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds, looking every 50 ms; throws naming `what` after the timeout. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** Keeps what the composed roles log, for a test that fails to print. */
class KeptLogger implements LoggerService {
  constructor(private readonly lines: string[]) {}
  log(message: unknown, context?: string) {
    this.keep('log', message, context);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.keep('error', message, rest.at(-1));
  }
  warn(message: unknown, context?: string) {
    this.keep('warn', message, context);
  }
  debug() {
    return undefined;
  }
  verbose() {
    return undefined;
  }
  private keep(level: string, message: unknown, context: unknown) {
    this.lines.push(`${new Date().toISOString()} ${level} [${String(context ?? '')}] ${String(message)}`);
    if (this.lines.length > 5000) this.lines.splice(0, 1000);
  }
}

/**
 * The whole pipeline for one test file: POS transactions recorded into the
 * event store as the POS pollers record them, links made through the
 * terminal-link decider, cameras in the camera directory with their source
 * and clock offset, the camera simulator over HTTP (recording cameras),
 * frames rendered by the simulator's renderer and pushed through
 * `FrameIntake` (push cameras), and the outcomes read back from
 * `regicam.thumbnails.v1`, their thumbnails from the blob store.
 *
 * The stores are the ones a process opens from `env()` (`DATA_DIR`, the
 * message log, `TOPIC_PREFIX`), so the roles run either in this process
 * (`startRoles`, the runtime's composition) or as worker processes this
 * test owns (`startWorker`), on the same data.
 */
export class PipelineWorld {
  readonly dataDir = mkdtempSync(join(tmpdir(), 'regicam-pipeline-'));
  readonly prefix: string;
  readonly partitions: number;
  readonly sim = new CameraSimulator();
  readonly renderer = new SceneRenderer({ cacheSize: 16 });
  /** Outcomes by transaction key, in the order read. */
  readonly outcomes = new Map<string, Outcome[]>();
  /** What the roles composed in this process logged. */
  readonly logs: string[] = [];
  readonly ownerId = randomUUID();
  stores!: Stores;
  directory!: CameraDirectory;
  intake!: FrameIntake;
  private account!: SimulatedAccount;
  private storeConfig!: StoreConfig;
  private reader?: MessageReader;
  private readonly inProcess = new Set<InProcessRoles>();
  private readonly workers = new Set<WorldWorker>();
  private readonly pushers = new Set<AbortController>();
  private sequence = 0;
  private terminals = 0;

  private constructor(readonly options: WorldOptions) {
    this.prefix = `${uniqueName('pipeline')}.`;
    this.partitions = options.partitions ?? 3;
  }

  /**
   * 1. The camera simulator; 2. the stores, opened as a process opens them;
   * 3. every topic, as the embedded default creates them; 4. a reader of the
   * thumbnails topic from its start.
   */
  static async open(options: WorldOptions): Promise<PipelineWorld> {
    if (options.log === 'kafka') requireServer('KAFKA_BROKERS');
    const world = new PipelineWorld(options);
    world.account = world.sim.addAccount({ apiKeys: [SIMULATOR_API_KEY] });
    await world.sim.start();
    world.storeConfig = loadStoreConfig(world.env());
    world.stores = await openStores(world.storeConfig);
    world.directory = await CameraDirectory.open(world.stores.readStore);
    world.intake = new FrameIntake(
      world.directory,
      world.stores.blobStore,
      world.stores.messageLog,
      world.topics.cameraFrames,
    );
    const problems = await ensureRegiCamTopics(world.stores.messageLog, world.storeConfig.messageLog);
    if (problems.length > 0) throw new Error(problems.map((p) => p.message).join('; '));
    await world.readOutcomes();
    return world;
  }

  get topics(): Stores['topics'] {
    return this.stores.topics;
  }

  get log(): MessageLog {
    return this.stores.messageLog;
  }

  /** The environment of a process on this world's stores, topics and camera simulator. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    const kafka: Record<string, string> =
      this.options.log === 'kafka' ? { KAFKA_BROKERS: process.env['KAFKA_BROKERS'] ?? '' } : {};
    return {
      DATA_DIR: this.dataDir,
      MESSAGE_LOG: this.options.log,
      ...kafka,
      TOPIC_PREFIX: this.prefix,
      TOPIC_PARTITIONS: String(this.partitions),
      CAMERA_SIMULATOR: 'off',
      CAMERA_SIMULATOR_URL: this.sim.url,
      CAMERA_SIMULATOR_API_KEY: SIMULATOR_API_KEY,
      POS_SIMULATOR: 'off',
      POS_POLLING: 'off',
      ...this.options.env,
      ...extra,
    };
  }

  // ---- cameras, links, sales, frames ----

  /** A camera whose pictures the thumbnailer fetches from its recording (the simulator, over HTTP). */
  async recordingCamera(options: { clockOffsetMs?: number } = {}): Promise<WorldCamera> {
    const clockOffsetMs = options.clockOffsetMs ?? 0;
    const simulated = this.account.addCamera({ itemIds: [SIMULATED_POS_ITEM_ID], clockOffsetMs });
    const camera = await this.addCamera({ kind: 'simulator', deviceId: simulated.deviceId }, clockOffsetMs, simulated);
    return { id: camera.id, number: simulated.number, kind: 'recording', clockOffsetMs, simulated };
  }

  /** A camera that pushes its frames (`pushFrame`, `startPushing`) with its ingest token. */
  async pushCamera(options: { clockOffsetMs?: number } = {}): Promise<WorldCamera> {
    const clockOffsetMs = options.clockOffsetMs ?? 0;
    // Not in any account: the simulator serves nothing of it; it only holds the band number.
    const simulated = this.sim.createCamera({ clockOffsetMs });
    const camera = await this.addCamera({ kind: 'push' }, clockOffsetMs, simulated);
    const meta = { actor: `owner:${this.ownerId}`, now: iso(Date.now()) };
    const { token } = await this.directory.rotateIngestToken(camera.id, meta);
    return { id: camera.id, number: simulated.number, kind: 'push', clockOffsetMs, simulated, token };
  }

  /** A new terminal of the world's Smaregi contract. */
  terminal(): string {
    return String(++this.terminals);
  }

  /** Links a terminal to a camera, the picture cut to one register's region, in force from `atMs`. */
  async link(terminalId: string, camera: WorldCamera, register: number, atMs: number): Promise<string> {
    const linkId = randomUUID();
    await this.linkCommand(terminalId, atMs, {
      type: 'CreateLink',
      data: {
        linkId,
        ownerId: this.ownerId,
        terminal: this.terminalRef(terminalId),
        camera: await this.snapshot(camera),
        region: SIMULATED_REGISTER_REGIONS[register - 1],
      },
    });
    return linkId;
  }

  /** Moves a linked terminal to another camera and register at `atMs`: LinkRemoved + LinkCreated in one append. */
  async relink(
    terminalId: string,
    linkId: string,
    camera: WorldCamera,
    register: number,
    atMs: number,
  ): Promise<string> {
    const newLinkId = randomUUID();
    await this.linkCommand(terminalId, atMs, {
      type: 'RelinkTerminal',
      data: {
        linkId,
        newLinkId,
        ownerId: this.ownerId,
        terminal: this.terminalRef(terminalId),
        camera: await this.snapshot(camera),
        region: SIMULATED_REGISTER_REGIONS[register - 1],
      },
    });
    return newLinkId;
  }

  /** Records a payment on a terminal at a register time, as the POS pollers record one. */
  async sale(terminalId: string, occurredAtMs: number): Promise<Sale> {
    const transactionId = `tx${++this.sequence}`;
    const total = 100 * (1 + (this.sequence % 90));
    const { recorded } = await recordTransaction(
      this.stores.eventStore,
      {
        transactionId,
        provider: 'smaregi',
        contractId: CONTRACT_ID,
        storeId: '1',
        terminalId,
        receiptNo: String(this.sequence),
        kind: 'payment',
        occurredAt: iso(occurredAtMs),
        total,
        deposit: 10_000,
        change: 10_000 - total,
        currency: 'JPY',
        staff: null,
        refersTo: null,
      },
      { actor: ACTOR, at: iso(Date.now()) },
    );
    if (!recorded) throw new Error(`transaction ${transactionId} was recorded before`);
    return {
      transactionKey: `smaregi:${CONTRACT_ID}:${transactionId}`,
      terminalId,
      occurredAtMs,
      recordedAt: Date.now(),
    };
  }

  /** The JPEG a camera takes of the scene at a true second (its timestamp on the camera's clock). */
  frameJpeg(camera: WorldCamera, sceneSecond: number): Promise<Buffer> {
    return this.renderer.jpeg({
      camera: camera.number,
      cameraTimeMs: sceneSecond * 1000 + camera.clockOffsetMs,
      sceneSecond,
    });
  }

  /** A push camera's frame of a true second, pushed as `POST /api/cameras/:id/frames` hands it to `FrameIntake`. */
  async pushFrame(camera: WorldCamera, sceneSecond: number): Promise<void> {
    if (!camera.token) throw new Error(`camera ${camera.id} is not a push camera`);
    await this.intake.receive({
      cameraId: camera.id,
      authorization: `Bearer ${camera.token}`,
      contentType: 'image/jpeg',
      body: await this.frameJpeg(camera, sceneSecond),
      capturedAtHeader: iso(sceneSecond * 1000 + camera.clockOffsetMs),
      capturedAtQuery: undefined,
    });
  }

  /**
   * Pushes a frame of every true second, as the second begins, until the
   * world closes or the returned stop is called. A push that fails (the
   * broker busy) is logged and the next second goes on.
   */
  startPushing(camera: WorldCamera): () => void {
    const stop = new AbortController();
    this.pushers.add(stop);
    void (async () => {
      let second = Math.floor(Date.now() / 1000);
      while (!stop.signal.aborted) {
        const now = Math.floor(Date.now() / 1000);
        // A pusher that fell behind sends the seconds it missed, so the camera's frames stay whole.
        for (; second <= now && !stop.signal.aborted; second++) {
          await this.pushFrame(camera, second).catch((error: unknown) =>
            this.logs.push(`${iso(Date.now())} warn [pusher] frame ${camera.number}@${second}: ${String(error)}`),
          );
        }
        await sleep(Math.max(10, (second * 1000 - Date.now()) | 0));
      }
    })();
    return () => {
      stop.abort();
      this.pushers.delete(stop);
    };
  }

  // ---- outcomes ----

  /** The latest outcome of a transaction read so far (the one compaction keeps). */
  latest(transactionKey: string): Outcome | undefined {
    return this.outcomes.get(transactionKey)?.at(-1);
  }

  /** Waits for a transaction's outcome. */
  async outcome(transactionKey: string, timeoutMs = 90_000): Promise<Outcome> {
    await until(`the outcome of ${transactionKey}`, () => this.outcomes.has(transactionKey), timeoutMs);
    return this.latest(transactionKey) as Outcome;
  }

  /** Waits for a transaction's thumbnail; any other outcome is an error naming it. */
  async ready(transactionKey: string, timeoutMs?: number): Promise<ThumbnailReady> {
    const { value } = await this.outcome(transactionKey, timeoutMs);
    if (value.type !== 'ThumbnailReady') throw new Error(`${transactionKey}: ${JSON.stringify(value)}`);
    return value;
  }

  /** What a thumbnail (its 1x, and its 2x when asked) shows, read from the blob store and decoded from its band. */
  async picture(ready: ThumbnailReady, size: '1x' | '2x' = '1x'): Promise<Picture> {
    const blob = await this.stores.blobStore.getBuffer(ready.blobIds[size]);
    if (!blob) throw new Error(`thumbnail ${ready.blobIds[size]} is not in the blob store`);
    const { camera, register, epochSecond } = await decodeRegisterBand(blob.data);
    return { camera, register, epochSecond };
  }

  /** The picture a sale must show: its camera, its register, its second. */
  static expected(camera: WorldCamera, register: number, sale: Pick<Sale, 'occurredAtMs'>): Picture {
    return { camera: camera.number, register, epochSecond: Math.floor(sale.occurredAtMs / 1000) };
  }

  // ---- the roles ----

  /**
   * The roles composed in this process by the runtime's Nest modules, as a
   * worker composes them, on this world's stores (`messageLog` replaces its
   * log: a gated one). They start before this returns.
   */
  async startRoles(roles: RoleName[], options: { messageLog?: MessageLog } = {}): Promise<InProcessRoles> {
    const config = loadRuntimeConfig(this.env({ WORKER_ROLES: roles.join(',') }), {
      rolesVariable: 'WORKER_ROLES',
      defaultRoles: () => 'none',
      port: 0,
      servesReads: false,
    });
    // The world closes its stores itself, after the roles stopped.
    const stores: Stores = { ...this.stores, messageLog: options.messageLog ?? this.log, close: async () => undefined };
    const app = await NestFactory.createApplicationContext(RuntimeModule.forRoot(config, { stores }), {
      logger: new KeptLogger(this.logs),
      abortOnError: false,
    });
    const host = app.get<RoleHost>(ROLE_HOST);
    const running: InProcessRoles = {
      app,
      reports: () => host.reports(),
      stop: async () => {
        this.inProcess.delete(running);
        await app.close();
      },
    };
    this.inProcess.add(running);
    return running;
  }

  /** A gate on the links topic's readers (the join's link table), for `startRoles({messageLog: gate.log})`. */
  linksGate(): ReaderGate {
    return new ReaderGate(this.log, this.topics.links);
  }

  /** A worker process hosting `roles` on this world, started and answering its health check. */
  async startWorker(
    roles: string,
    options: { name?: string; env?: Record<string, string> } = {},
  ): Promise<WorldWorker> {
    const port = await freePort();
    const program = await startProgram({
      app: 'worker',
      name: options.name ?? roles,
      env: this.env({
        WORKER_ROLES: roles,
        WORKER_PORT: String(port),
        WORKER_HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        ...options.env,
      }),
      readyUrl: `http://127.0.0.1:${port}/api/health`,
      readyStatus: 200,
      timeoutMs: 90_000,
    });
    const worker: WorldWorker = Object.assign(program, {
      roles,
      port,
      report: async () => {
        const res = await fetch(`http://127.0.0.1:${port}/api/health/ready`).catch(() => null);
        if (!res) return null;
        const body = (await res.json().catch(() => null)) as { roles?: { role: string; parts: PartReport[] }[] } | null;
        return body?.roles ?? null;
      },
    });
    this.workers.add(worker);
    void worker.exited.then(() => this.workers.delete(worker));
    return worker;
  }

  /**
   * 1. pushers stop; 2. roles in this process stop, worker processes end;
   * 3. the outcomes reader stops, the stores close, the simulator stops;
   * 4. on Kafka, this world's topics and groups are deleted (the broker is shared).
   */
  async close(): Promise<void> {
    for (const pusher of this.pushers) pusher.abort();
    this.pushers.clear();
    for (const running of [...this.inProcess]) await running.stop();
    for (const worker of [...this.workers]) await worker.stop('SIGKILL');
    await this.reader?.stop();
    await this.stores?.close();
    await this.sim.stop();
    if (this.options.log === 'kafka') await this.deleteKafkaLeftovers();
    if (process.env['PIPELINE_TEST_LOGS']) process.stderr.write(`${this.prefix}\n${this.logs.join('\n')}\n`);
  }

  // ---- inside ----

  private async addCamera(
    source: { kind: 'simulator'; deviceId: string } | { kind: 'push' },
    clockOffsetMs: number,
    simulated: SimulatedCamera,
  ) {
    return this.directory.add(
      {
        ownerId: this.ownerId,
        name: `レジ上カメラ ${simulated.number}`,
        model: 'CC-2L_SF',
        serial: simulated.serial,
        posOption: { from: '2019-03-07' },
        source,
        clockOffsetMs,
      },
      { id: randomUUID(), now: iso(Date.now()), actor: `owner:${this.ownerId}` },
    );
  }

  private async snapshot(camera: WorldCamera) {
    const snapshot = await this.directory.snapshot(camera.id);
    if (!snapshot) throw new Error(`camera ${camera.id} is not in the directory`);
    return snapshot;
  }

  private terminalRef(terminalId: string): TerminalRef {
    return { provider: 'smaregi', contractId: CONTRACT_ID, terminalId };
  }

  private async linkCommand(
    terminalId: string,
    atMs: number,
    command: Omit<CreateLink, 'metadata'> | Omit<RelinkTerminal, 'metadata'>,
  ): Promise<void> {
    const actor = `owner:${this.ownerId}`;
    const { events } = await handleCommand(
      this.stores.eventStore,
      terminalLinkStream(this.terminalRef(terminalId)),
      terminalLinkDecider,
      { ...command, metadata: { actor, at: iso(atMs) } } as CreateLink | RelinkTerminal,
      { eventIds: (list) => list.map(() => randomUUID()), metadata: { actor } },
    );
    if (events.length === 0) throw new Error(`${command.type} of terminal ${terminalId} changed nothing`);
  }

  private async readOutcomes(): Promise<void> {
    const reader = this.log.reader({
      topic: this.topics.thumbnails,
      handler: async (batch) => {
        for (const record of batch.records) {
          const decoded = decodeRecord(TOPIC.thumbnails, record);
          if (!decoded.ok) throw new Error(`an outcome does not fit its contract: ${decoded.reason}`);
          const key = decoded.value.transactionKey;
          const outcome = {
            value: decoded.value,
            readAt: Date.now(),
            partition: record.partition,
            offset: record.offset,
          };
          this.outcomes.set(key, [...(this.outcomes.get(key) ?? []), outcome]);
        }
      },
    });
    await reader.start();
    this.reader = reader;
    for (let p = 0; p < this.partitions; p++) {
      for (let attempt = 1; ; attempt++) {
        try {
          await reader.assign(p, 'earliest');
          break;
        } catch (error) {
          // A topic created a moment ago may have no partition leader yet.
          if (attempt >= 30) throw error;
          await sleep(200);
        }
      }
    }
  }

  private async deleteKafkaLeftovers(): Promise<void> {
    const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',');
    const admin = new Kafka({ clientId: 'regicam-pipeline-cleanup', brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const mine = (name: string) => name.startsWith(this.prefix);
      const topics = (await admin.listTopics()).filter(mine);
      if (topics.length > 0) await admin.deleteTopics({ topics }).catch(() => undefined);
      const groups = (await admin.listGroups()).groups.map((g) => g.groupId).filter(mine);
      if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
    } finally {
      await admin.disconnect();
    }
  }
}
