import type { Region } from '@regicam/contracts';
import { JoinWorld, holdLinksReader, pause, until, withoutCreatedAt, type JoinHarness } from './join-world';
import { cameraConnected, cameraDisconnected, frameCaptured, linkCreated, linkRemoved, transaction } from './records';

const PUSH = { clockOffsetMs: 0, recording: false };
const RECORDING = { clockOffsetMs: 0, recording: true };
const HOUR = 3_600_000;
const t = (n: number) => `smaregi:demo:${n}`;
const sale = (id: string, terminal: number, occurredAt: string) =>
  transaction({ transactionId: id, terminalKey: t(terminal), occurredAt });
const key = (id: string) => `smaregi:demo:${id}`;
const linked = (w: JoinWorld, linkId: string, terminal: number, cameraId: string, region: Region | null = null) =>
  linkCreated({ linkId, cameraId, terminalKey: t(terminal), region, at: w.at(-24 * HOUR) });

/**
 * The join end to end on a message log: records written straight to the
 * topics it reads (as the relay and the camera gateway write them), its
 * jobs and outcomes read back from the topics it writes. The join's clock
 * moves only when a test moves it.
 */
export function joinScenarios(adapter: string, harness: () => Promise<JoinHarness>): void {
  describe(`the join role on ${adapter}`, () => {
    // Consumer groups join and rebalance in seconds on a real broker.
    jest.setTimeout(180_000);
    let h: JoinHarness;
    const worlds: JoinWorld[] = [];
    const prefixes: string[] = [];

    const world = async (partitions = 3, log = h.open()) => {
      const prefix = `${h.unique('join')}.`;
      prefixes.push(prefix);
      const w = await new JoinWorld(log, prefix, partitions).setUp();
      worlds.push(w);
      return w;
    };

    beforeAll(async () => {
      h = await harness();
    });

    afterEach(async () => {
      for (const w of worlds.splice(0)) await w.tearDown();
    });

    afterAll(async () => {
      await h?.cleanup?.(prefixes);
    });

    it('joins a sale at 11:59:59 to the camera before a relink at 12:00:00, one at 12:00:01 to the new one, whenever the sale comes', async () => {
      const w = await world();
      const relink = w.at(-HOUR);
      const before = w.at(-HOUR - 1000);
      const after = w.at(-HOUR + 1000);
      w.cameras.set('cam-old', RECORDING).set('cam-new', RECORDING);
      const old = { linkId: 'link-old', cameraId: 'cam-old', terminalKey: t(1) };
      const next = { linkId: 'link-new', cameraId: 'cam-new', terminalKey: t(1) };
      await w.start();
      await w.link(linkCreated({ ...old, region: null, at: w.at(-5 * HOUR) }));
      await w.sale(sale('1', 1, before));
      await w.jobFor(key('1'));
      // The relink is one append: the old link removed, the new one created, at the same time.
      await w.link(linkRemoved({ ...old, at: relink }), linkCreated({ ...next, region: null, at: relink }));
      await w.sale(sale('2', 1, before), sale('3', 1, after), sale('4', 1, relink));
      const jobs = await w.jobFor(key('1'), key('2'), key('3'), key('4'));
      expect(jobs.map((j) => [j.transactionKey, j.linkId, j.cameraId])).toEqual([
        [key('1'), 'link-old', 'cam-old'],
        [key('2'), 'link-old', 'cam-old'],
        [key('3'), 'link-new', 'cam-new'],
        [key('4'), 'link-new', 'cam-new'],
      ]);
    });

    it('joins a sale to a link relayed just before it, while the link table lags behind', async () => {
      const plain = h.open();
      const w = await world(3, plain);
      const held = holdLinksReader(plain, w.topics.links);
      w.cameras.set('cam-1', RECORDING);
      const role = w.role({ log: held.log });
      await role.start();
      await w.link(linked(w, 'link-1', 1, 'cam-1'));
      await w.sale(sale('1', 1, w.at(-5000)));
      await until('the link table to lag', async () => {
        const details = (await JoinWorld.part(role, 'join:link')).details ?? {};
        return Number(details['linksBehind']) >= 1 && Number(details['inHand']) >= 1;
      });
      await pause(1000);
      expect(w.jobs).toEqual([]);
      expect(w.noPictures).toEqual([]);
      held.release();
      const [job] = await w.jobFor(key('1'));
      expect(job).toMatchObject({ linkId: 'link-1', cameraId: 'cam-1' });
      expect(w.noPictures).toEqual([]);
    });

    it('says not_linked for a sale on a terminal without a link at its time', async () => {
      const w = await world();
      await w.start();
      await w.link(linkCreated({ linkId: 'l', cameraId: 'cam-1', terminalKey: t(1), region: null, at: w.at(-HOUR) }));
      await w.sale(sale('1', 1, w.at(-2 * HOUR)), sale('2', 2, w.at(-1000)));
      await until('both outcomes', () => w.noPictures.length >= 2);
      expect(w.noPictures.map((n) => [n.transactionKey, n.reason, n.linkId])).toEqual(
        expect.arrayContaining([
          [key('1'), 'not_linked', null],
          [key('2'), 'not_linked', null],
        ]),
      );
      expect(w.jobs).toEqual([]);
    });

    it('sets aside what does not fit: bad transactions and linked records as dead letters, bad links and frames skipped', async () => {
      const w = await world();
      w.cameras.set('cam-1', RECORDING);
      const role = await w.start();
      const noHeaders = (k: string, value: string) => ({ key: k, value });
      await w.log.send(w.topics.links, [noHeaders(t(1), '{"type":"LinkCreated"}')]);
      await w.log.send(w.topics.cameraFrames, [noHeaders('cam-1', 'not json')]);
      await w.log.send(w.topics.transactions, [noHeaders(t(1), '{"type":"TransactionReceived"}')]);
      await w.log.send(w.topics.joinByCamera, [noHeaders('cam-1', '{"type":"TransactionLinked"}')]);
      await w.link(linked(w, 'link-1', 1, 'cam-1'));
      await w.sale(sale('1', 1, w.at(-10_000)));
      const [job] = await w.jobFor(key('1'));
      expect(job.linkId).toBe('link-1');
      for (const topic of [w.topics.transactions, w.topics.joinByCamera]) {
        const [letter] = await w.read(`${topic}.dlq`, 1);
        expect(letter.headers['x-dead-letter-reason']).toMatch(/missing header|header/);
        expect(letter.headers['x-dead-letter-topic']).toBe(topic);
      }
      await until('the bad link and frame to be counted', async () => {
        const link = (await JoinWorld.part(role, 'join:link')).details ?? {};
        const camera = (await JoinWorld.part(role, 'join:camera')).details ?? {};
        return link['skippedLinks'] === 1 && camera['skippedFrames'] === 1;
      });
    });

    it('reports each group: its state, the partitions it holds, what waits, how far the link table is behind', async () => {
      const w = await world();
      w.cameras.set('cam-1', PUSH);
      const role = await w.start();
      await w.link(linked(w, 'link-1', 1, 'cam-1'));
      await w.sale(sale('1', 1, w.at()));
      await until('the sale to wait for its frame', async () => {
        const details = (await JoinWorld.part(role, 'join:camera')).details ?? {};
        return details['pending'] === 1;
      });
      const [link, camera] = await role.report();
      expect(link).toMatchObject({
        part: 'join:link',
        state: 'running',
        ready: true,
        details: { partitions: [0, 1, 2], linksBehind: 0, links: 1, linked: 1, notLinked: 0 },
      });
      expect(camera).toMatchObject({
        part: 'join:camera',
        state: 'running',
        ready: true,
        details: { partitions: [0, 1, 2], pending: 1, cameras: 1, framesBehind: 0, produced: 0 },
      });
      await w.stop(role);
      expect((await role.report()).map((p) => [p.part, p.state, p.ready])).toEqual([
        ['join:link', 'stopped', false],
        ['join:camera', 'stopped', false],
      ]);
    });

    it('refuses to start when the camera-keyed topics are not co-partitioned, naming them', async () => {
      const log = h.open();
      const prefix = `${h.unique('join')}.`;
      prefixes.push(prefix);
      await log.createTopics([{ name: `${prefix}regicam.camera-frames.v1`, partitions: 2 }]);
      const w = await new JoinWorld(log, prefix, 3).setUp();
      worlds.push(w);
      await expect(w.role().start()).rejects.toThrow(/regicam.camera-frames.v1: 2, regicam.join.by-camera: 3/);
    });

    it('takes the picture at posAt + 3 s from a camera whose clock runs 3 s ahead', async () => {
      const w = await world();
      w.cameras.set('cam-push', { clockOffsetMs: 3000, recording: false });
      w.cameras.set('cam-rec', { clockOffsetMs: 3000, recording: true });
      const s = w.at(-60_000);
      const plus = (ms: number) => new Date(Date.parse(s) + ms).toISOString();
      await w.start();
      await w.link(linked(w, 'link-push', 1, 'cam-push'), linked(w, 'link-rec', 2, 'cam-rec'));
      await w.camera(
        frameCaptured('cam-push', s),
        frameCaptured('cam-push', plus(3150)),
        frameCaptured('cam-push', plus(5600)),
      );
      await w.sale(sale('1', 1, s), sale('2', 2, s));
      const [push, rec] = await w.jobFor(key('1'), key('2'));
      expect(push).toMatchObject({ posAt: s, targetAt: plus(3000), clockOffsetMs: 3000 });
      expect(push.picture).toMatchObject({ kind: 'frame', capturedAt: plus(3150) });
      expect(rec).toMatchObject({ posAt: s, targetAt: plus(3000), picture: { kind: 'recording', at: plus(3000) } });
    });

    it('uses a push frame that comes 8 s after the sale, and says no_frame for one that never comes, by grace + 2 s', async () => {
      const w = await world();
      w.cameras.set('cam-late', PUSH).set('cam-none', PUSH);
      const s = w.at();
      await w.link(linked(w, 'link-late', 1, 'cam-late'), linked(w, 'link-none', 2, 'cam-none'));
      const role = await w.start();
      await w.sale(sale('1', 1, s), sale('2', 2, s));
      await until('both sales to wait for a picture', async () => {
        const details = (await JoinWorld.part(role, 'join:camera')).details ?? {};
        return Number(details['pending']) >= 2;
      });
      w.advance(8000);
      await w.camera(frameCaptured('cam-late', new Date(Date.parse(s) + 300).toISOString()));
      await until('the frame to be read', async () => {
        const details = (await JoinWorld.part(role, 'join:camera')).details ?? {};
        return Number(details['frames']) >= 1;
      });
      w.advance(1900);
      await pause(500);
      expect(w.jobs).toEqual([]);
      w.advance(100);
      const [late] = await w.jobFor(key('1'));
      expect(late.picture).toMatchObject({ kind: 'frame', capturedAt: new Date(Date.parse(s) + 300).toISOString() });
      w.advance(2000);
      const [none] = await w.jobFor(key('2'));
      expect(none.picture).toEqual({ kind: 'none', reason: 'no_frame' });
      const details = (await JoinWorld.part(role, 'join:camera')).details ?? {};
      expect(details['pending']).toBe(0);
    });

    it('asks a recording camera for its recording at T once T + tolerance has passed, camera_dark when dark, and hours late at once', async () => {
      const w = await world();
      w.cameras.set('cam-rec', RECORDING).set('cam-dark', RECORDING);
      await w.camera(cameraConnected('cam-rec', w.at(-10 * 60_000)), cameraDisconnected('cam-dark', w.at(-5 * 60_000)));
      await w.link(linked(w, 'link-rec', 1, 'cam-rec'), linked(w, 'link-dark', 2, 'cam-dark'));
      await w.start();
      const s = w.at();
      const hoursAgo = w.at(-3 * HOUR);
      await w.sale(sale('1', 1, s), sale('2', 2, s), sale('3', 1, hoursAgo));
      const [late] = await w.jobFor(key('3'));
      expect(late.picture).toEqual({ kind: 'recording', at: hoursAgo });
      await pause(500);
      expect(w.jobsOf(key('1'))).toEqual([]);
      expect(w.jobsOf(key('2'))).toEqual([]);
      w.advance(2000);
      const [rec, dark] = await w.jobFor(key('1'), key('2'));
      expect(rec.picture).toEqual({ kind: 'recording', at: s });
      expect(dark.picture).toEqual({ kind: 'none', reason: 'camera_dark' });
    });

    it('gives two registers on one camera each the region of its own link', async () => {
      const w = await world();
      w.cameras.set('cam-1', RECORDING);
      const left = { x: 0, y: 0, width: 0.5, height: 1 };
      const right = { x: 0.5, y: 0, width: 0.5, height: 1 };
      await w.start();
      await w.link(
        linkCreated({ linkId: 'link-left', cameraId: 'cam-1', terminalKey: t(1), region: left, at: w.at(-HOUR) }),
        linkCreated({ linkId: 'link-right', cameraId: 'cam-1', terminalKey: t(2), region: right, at: w.at(-HOUR) }),
      );
      await w.sale(sale('1', 1, w.at(-10_000)), sale('2', 2, w.at(-10_000)));
      const [one, two] = await w.jobFor(key('1'), key('2'));
      expect([one.linkId, one.region, one.terminalKey]).toEqual(['link-left', left, t(1)]);
      expect([two.linkId, two.region, two.terminalKey]).toEqual(['link-right', right, t(2)]);
    });

    it('after a restart mid-flow gives every transaction its job, one per job id, and a waiting one the frame read before', async () => {
      const w = await world();
      w.cameras.set('cam-push', PUSH).set('cam-rec', RECORDING);
      const s = w.at();
      const frameAt = new Date(Date.parse(s) + 200).toISOString();
      await w.link(linked(w, 'link-push', 1, 'cam-push'), linked(w, 'link-rec', 2, 'cam-rec'));
      const first = await w.start();
      await w.camera(frameCaptured('cam-push', frameAt));
      const recorded = ['r1', 'r2', 'r3', 'r4', 'r5'];
      await w.sale(sale('p1', 1, s), ...recorded.map((id, i) => sale(id, 2, w.at(-10_000 + i))));
      await w.jobFor(...recorded.map(key));
      await until('the push sale to wait', async () => {
        const details = (await JoinWorld.part(first, 'join:camera')).details ?? {};
        return Number(details['pending']) >= 1;
      });
      // 1. Stopped while the push sale waits for its grace: its record is not committed.
      await w.stop(first);
      expect(w.jobsOf(key('p1'))).toEqual([]);
      await w.sale(sale('r6', 2, w.at(-5000)), sale('p2', 1, w.at(1000)));
      // 2. A new instance: the frames are read again, the waiting records delivered again.
      const second = await w.start();
      await until('both push sales to wait', async () => {
        const details = (await JoinWorld.part(second, 'join:camera')).details ?? {};
        return Number(details['pending']) >= 2;
      });
      w.advance(12_000);
      const all = ['p1', 'p2', ...recorded, 'r6'].map(key);
      await w.jobFor(...all);
      for (const k of all) {
        const jobs = w.jobsOf(k).map(withoutCreatedAt);
        expect(jobs.every((j) => JSON.stringify(j) === JSON.stringify(jobs[0]))).toBe(true);
      }
      expect(w.jobsOf(key('p1'))[0].picture).toMatchObject({ kind: 'frame', capturedAt: frameAt });
      expect(w.jobsOf(key('p2'))[0].picture).toMatchObject({ kind: 'frame', capturedAt: frameAt });
      await until('nothing to wait', async () => {
        const details = (await JoinWorld.part(second, 'join:camera')).details ?? {};
        return details['pending'] === 0;
      });
    });

    it('shares the partitions between two instances in one group: nothing lost, nothing joined to two links', async () => {
      const w = await world(4);
      const cameras = ['c0', 'c1', 'c2', 'c3', 'c4', 'c5'];
      cameras.forEach((c) => w.cameras.set(c, RECORDING));
      const relink = w.at(-HOUR);
      // Terminals 0..7 on cameras c0..c5; terminals 0..3 relinked to another camera at `relink`.
      for (let n = 0; n < 8; n++) {
        const first = { linkId: `l${n}-a`, cameraId: cameras[n % 6], terminalKey: t(n) };
        await w.link(linkCreated({ ...first, region: null, at: w.at(-10 * HOUR) }));
        if (n < 4) {
          const second = { linkId: `l${n}-b`, cameraId: cameras[(n + 3) % 6], terminalKey: t(n) };
          await w.link(linkRemoved({ ...first, at: relink }), linkCreated({ ...second, region: null, at: relink }));
        }
      }
      const sales = (from: number, count: number) =>
        Array.from({ length: count }, (_, i) => {
          const n = from + i;
          return sale(`s${n}`, n % 9, w.at(-HOUR + ((n % 5) - 2) * 1000));
        });
      const a = await w.start();
      await w.sale(...sales(0, 40));
      const b = await w.start();
      await w.sale(...sales(40, 40));
      await until('both instances to hold partitions', async () => {
        const held = await Promise.all(
          [a, b].map(
            async (r) => ((await JoinWorld.part(r, 'join:camera')).details?.['partitions'] as number[]).length,
          ),
        );
        return held.every((n) => n > 0);
      });
      await w.sale(...sales(80, 20));
      await w.stop(a);
      await w.sale(...sales(100, 20));
      const expected = (n: number) => {
        const terminal = n % 9;
        if (terminal === 8) return null;
        const at = -HOUR + ((n % 5) - 2) * 1000;
        return terminal < 4 && at >= -HOUR ? `l${terminal}-b` : `l${terminal}-a`;
      };
      const all = Array.from({ length: 120 }, (_, n) => n);
      await until('an outcome of every sale', () =>
        all.every((n) =>
          expected(n) === null
            ? w.noPictures.some((p) => p.transactionKey === key(`s${n}`))
            : w.jobsOf(key(`s${n}`)).length > 0,
        ),
      );
      for (const n of all) {
        const links = new Set(w.jobsOf(key(`s${n}`)).map((j) => j.linkId));
        expect([n, [...links]]).toEqual([n, expected(n) === null ? [] : [expected(n)]]);
      }
    });
  });
}
