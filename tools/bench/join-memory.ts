/**
 * What the join keeps in memory: the heap taken by one camera's frames,
 * by transactions waiting for their picture, by the keys of decided ones
 * (remembered so that a repeat gets no second job), and by the link
 * table. Each is the heap after minus the heap before (a full GC on both
 * sides), divided by the count. Needs no server:
 * `TS_NODE_PROJECT=tsconfig.base.json node --expose-gc -r @swc-node/register tools/bench/join-memory.ts`.
 */
import { CameraJoin, DEFAULT_JOIN_SETTINGS, LinkTable } from '@regicam/stream/join';
import { frameCaptured, linkCreated, transaction, transactionLinked } from '@regicam/stream/join/testing';

const COUNT = Number(process.env['BENCH_COUNT'] ?? 10_000);
const START = Date.parse('2026-12-01T03:00:00.000Z');
const at = (ms: number) => new Date(START + ms).toISOString();
const cameraId = '5f0c6b1e-8d5a-4a8e-9f3b-2a7d1c9e4b60';
const link = {
  linkId: 'b1d0c7e2-3f4a-4b5c-8d6e-7f8091a2b3c4',
  cameraId,
  region: { x: 0.5, y: 0.25, width: 0.5, height: 0.75 },
};
const settings = {
  ...DEFAULT_JOIN_SETTINGS,
  bufferWindowMs: 24 * 3_600_000,
  maxFramesPerCamera: COUNT,
  maxPendingPerCamera: COUNT,
  maxRemembered: COUNT,
};

function heap(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run node with --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Heap bytes per item that `fill` keeps alive (what it returns is held until measured). */
function perItem(fill: () => unknown): number {
  const before = heap();
  const kept = fill();
  const after = heap();
  if (kept === undefined) throw new Error('nothing kept');
  return (after - before) / COUNT;
}

/** COUNT transactions waiting on one camera, each its own parsed copy (as it comes off the topic). */
function waiting(camera: CameraJoin): CameraJoin {
  for (let i = 0; i < COUNT; i++) {
    const sale = transaction({ transactionId: String(i), terminalKey: 'smaregi:demo:1', occurredAt: at(i * 1000) });
    const linked = JSON.parse(JSON.stringify(transactionLinked(sale, link, at(i * 1000 + 1500))));
    camera.add(linked, String(i), { clockOffsetMs: 0, recording: false });
  }
  return camera;
}

const frame = perItem(() => {
  const camera = new CameraJoin(cameraId, settings);
  for (let i = 0; i < COUNT; i++) camera.observe(frameCaptured(cameraId, at(i * 500)));
  return camera;
});

const pending = perItem(() => waiting(new CameraJoin(cameraId, settings)));

const decided = perItem(() => {
  const camera = waiting(new CameraJoin(cameraId, settings));
  if (camera.due(START + COUNT * 1000 + 60_000).length !== COUNT) throw new Error('not every one decided');
  return camera;
});

const links = perItem(() => {
  const table = new LinkTable();
  for (let i = 0; i < COUNT; i++) {
    table.apply(
      linkCreated({ linkId: `link-${i}`, cameraId, terminalKey: `smaregi:demo:${i}`, region: null, at: at(i) }),
    );
  }
  return table;
});

const { maxFramesPerCamera, maxPendingPerCamera } = DEFAULT_JOIN_SETTINGS;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const rows = [
  ['a frame kept (FrameCaptured)', `${frame.toFixed(0)} B`],
  ['a transaction waiting (TransactionLinked)', `${pending.toFixed(0)} B`],
  ['a decided transaction key remembered', `${decided.toFixed(0)} B`],
  ['a link in the link table', `${links.toFixed(0)} B`],
  [`a camera with ${maxFramesPerCamera} frames (the default cap)`, kib(frame * maxFramesPerCamera)],
  [`a camera with ${maxPendingPerCamera} waiting (the default cap)`, kib(pending * maxPendingPerCamera)],
  ['a camera with 1000 keys remembered (the cap)', kib(decided * 1000)],
];
process.stdout.write(`node ${process.version}, ${COUNT} of each\n`);
for (const [what, value] of rows) process.stdout.write(`${what.padEnd(48)} ${value}\n`);
