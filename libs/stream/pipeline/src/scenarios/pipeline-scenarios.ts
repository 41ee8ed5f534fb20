import type { PartReport } from '@regicam/roles';
import { PipelineWorld, until, wholeSecond, type InProcessRoles } from '../lib/pipeline-world';
import type { ReaderGate } from '@regicam/stream/join/testing';

const GRACE_MS = 10_000;
const MINUTE = 60_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const { expected } = PipelineWorld;

/** The last 12:00:00 UTC at least a minute ago. */
function lastNoon(): number {
  const noon = new Date();
  noon.setUTCHours(12, 0, 0, 0);
  if (noon.getTime() > Date.now() - MINUTE) noon.setUTCDate(noon.getUTCDate() - 1);
  return noon.getTime();
}

async function part(roles: InProcessRoles, name: string): Promise<PartReport> {
  const found = (await roles.reports()).flatMap((r) => r.parts).find((p) => p.part === name);
  if (!found) throw new Error(`no part ${name} in the report`);
  return found;
}

/**
 * The pipeline end to end in one process, as a worker hosting the relay,
 * the join and the thumbnailer composes it, on a message log: sales
 * recorded in the event store as the POS pollers record them, links made
 * through the terminal-link decider, cameras in the camera directory;
 * frames pushed through `FrameIntake` (push cameras) or fetched from the
 * camera simulator over HTTP (recording cameras); every outcome read from
 * `regicam.thumbnails.v1` and every thumbnail decoded from its band.
 */
export function pipelineScenarios(log: 'sqlite' | 'kafka', name: string): void {
  describe(`the pipeline on ${name}: event store → relay → join → thumbnailer → thumbnails`, () => {
    jest.setTimeout(120_000);
    let world: PipelineWorld;
    let gate: ReaderGate;
    let roles: InProcessRoles;

    beforeAll(async () => {
      world = await PipelineWorld.open({ log, env: { JOIN_GRACE_MS: String(GRACE_MS) } });
      gate = world.linksGate();
      roles = await world.startRoles(['relay', 'join', 'thumbnailer'], { messageLog: gate.log });
    }, 180_000);

    afterAll(async () => {
      gate?.open();
      await world?.close();
    }, 60_000);

    it('gives a sale of 11:59:59 the old camera and one of 12:00:01 the new one across a relink at 12:00:00, also when the 11:59:59 sale is recorded after the relink', async () => {
      const noon = lastNoon();
      const [before, after] = [await world.recordingCamera(), await world.recordingCamera()];
      const terminal = world.terminal();
      const oldLink = await world.link(terminal, before, 1, noon - 60 * MINUTE);
      const early = await world.sale(terminal, noon - 1000);
      const newLink = await world.relink(terminal, oldLink, after, 2, noon);
      const late = await world.sale(terminal, noon + 1000);
      const earlyRecordedLate = await world.sale(terminal, noon - 1000);

      const [a, b, c] = await Promise.all([early, late, earlyRecordedLate].map((s) => world.ready(s.transactionKey)));
      expect([a.cameraId, a.linkId]).toEqual([before.id, oldLink]);
      expect([b.cameraId, b.linkId]).toEqual([after.id, newLink]);
      expect([c.cameraId, c.linkId]).toEqual([before.id, oldLink]);
      expect(await world.picture(a)).toEqual(expected(before, 1, early));
      expect(await world.picture(b)).toEqual(expected(after, 2, late));
      expect(await world.picture(c)).toEqual(expected(before, 1, earlyRecordedLate));
    });

    it('joins a sale to the link relayed before it while the link table lags: it waits for the table, never "not linked"', async () => {
      const camera = await world.recordingCamera();
      const terminal = world.terminal();
      const now = wholeSecond(Date.now());
      gate.close();
      let linkId: string;
      let sale: Awaited<ReturnType<PipelineWorld['sale']>>;
      try {
        linkId = await world.link(terminal, camera, 2, now - MINUTE);
        sale = await world.sale(terminal, now - 1000);
        // The sale's batch is in hand and the link table is behind the link.
        await until('the join to hold the sale while its link table lags', async () => {
          const details = (await part(roles, 'join:link')).details ?? {};
          return Number(details['linksBehind']) > 0 && Number(details['inHand']) > 0;
        });
        // Longer than a batch waits for the table (5 s): the batch is tried again, never joined without it.
        await sleep(6_000);
        expect(world.outcomes.has(sale.transactionKey)).toBe(false);
      } finally {
        gate.open();
      }
      const ready = await world.ready(sale.transactionKey);
      expect(ready.linkId).toBe(linkId);
      expect(await world.picture(ready)).toEqual(expected(camera, 2, sale));
    });

    it('takes the picture of a camera whose clock runs 3 s ahead at the sale plus its offset: the thumbnail shows the sale second', async () => {
      const pushed = await world.pushCamera({ clockOffsetMs: 3_000 });
      const recorded = await world.recordingCamera({ clockOffsetMs: 3_000 });
      const stopPushing = world.startPushing(pushed);
      try {
        const [t1, t2] = [world.terminal(), world.terminal()];
        const now = wholeSecond(Date.now());
        await world.link(t1, pushed, 3, now - MINUTE);
        await world.link(t2, recorded, 1, now - MINUTE);
        const [s1, s2] = [await world.sale(t1, now), await world.sale(t2, now)];
        const [r1, r2] = [await world.ready(s1.transactionKey), await world.ready(s2.transactionKey)];
        // The frame taken at camera time posAt + 3 s, which shows the scene at posAt.
        expect([r1.frameAt, r1.skewMs]).toEqual([new Date(now + 3_000).toISOString(), 0]);
        expect(r2.frameAt).toBe(new Date(now + 3_000).toISOString());
        expect(await world.picture(r1)).toEqual(expected(pushed, 3, s1));
        expect(await world.picture(r2)).toEqual(expected(recorded, 1, s2));
      } finally {
        stopPushing();
      }
    });

    it('uses a push frame that arrives 8 s after its sale (grace 10 s); with no frame at all it says no_frame once the grace is over', async () => {
      const [lateCamera, silentCamera] = [await world.pushCamera(), await world.pushCamera()];
      const [t1, t2] = [world.terminal(), world.terminal()];
      const now = wholeSecond(Date.now());
      await world.link(t1, lateCamera, 1, now - MINUTE);
      await world.link(t2, silentCamera, 2, now - MINUTE);
      const [late, unseen] = [await world.sale(t1, now), await world.sale(t2, now)];
      await sleep(late.recordedAt + 8_000 - Date.now());
      await world.pushFrame(lateCamera, now / 1000);

      const ready = await world.ready(late.transactionKey);
      expect(ready.frameAt).toBe(new Date(now).toISOString());
      expect(await world.picture(ready)).toEqual(expected(lateCamera, 1, late));

      const { value } = await world.outcome(unseen.transactionKey);
      expect(value).toMatchObject({ type: 'NoPicture', reason: 'no_frame', cameraId: silentCamera.id });
      // Decided by the join once its grace ran out, within 2 s of it: never pending forever.
      const decidedAfter = Date.parse(value.createdAt) - unseen.recordedAt;
      expect(decidedAfter).toBeGreaterThanOrEqual(GRACE_MS);
      expect(decidedAfter).toBeLessThanOrEqual(GRACE_MS + 2_000);
    });

    it('cuts each of two registers seen by one camera out of the same frame by its own region', async () => {
      const camera = await world.pushCamera();
      const stopPushing = world.startPushing(camera);
      try {
        const [t1, t2] = [world.terminal(), world.terminal()];
        const now = wholeSecond(Date.now());
        await world.link(t1, camera, 1, now - MINUTE);
        await world.link(t2, camera, 3, now - MINUTE);
        const [s1, s2] = [await world.sale(t1, now), await world.sale(t2, now)];
        const [r1, r2] = [await world.ready(s1.transactionKey), await world.ready(s2.transactionKey)];
        expect(r1.frameAt).toBe(r2.frameAt);
        expect(await world.picture(r1)).toEqual(expected(camera, 1, s1));
        expect(await world.picture(r1, '2x')).toEqual(expected(camera, 1, s1));
        expect(await world.picture(r2)).toEqual(expected(camera, 3, s2));
        expect(await world.picture(r2, '2x')).toEqual(expected(camera, 3, s2));
      } finally {
        stopPushing();
      }
    });

    it('fails a corrupt JPEG with its reason, and makes the next thumbnail of that camera', async () => {
      const camera = await world.recordingCamera();
      const terminal = world.terminal();
      const now = wholeSecond(Date.now());
      await world.link(terminal, camera, 2, now - MINUTE);
      camera.simulated.faults.set({ nextCorruptJpeg: 1 });
      const broken = await world.sale(terminal, now - 2_000);
      const { value } = await world.outcome(broken.transactionKey);
      expect(value).toMatchObject({ type: 'ThumbnailFailed', reason: 'corrupt_image', cameraId: camera.id });
      expect(camera.simulated.faults.injected.corrupt).toBe(1);

      const next = await world.sale(terminal, now - 1_000);
      const ready = await world.ready(next.transactionKey);
      expect(await world.picture(ready)).toEqual(expected(camera, 2, next));
    });
  });
}
