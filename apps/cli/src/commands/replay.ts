import { replayTopicProjection } from '@regicam/dashboard';
import { compareProjection, replayProjection, type CollectionDifference } from '@regicam/event-sourcing';
import { SqliteReadStore } from '@regicam/read-store/sqlite';
import { readModelProjections, topicReadModels, type Stores } from '@regicam/runtime';

export type ReplayReport = { projection: string; events: number; differences: CollectionDifference[] };

/**
 * Rebuilds every read model into a scratch store (the live one is not
 * touched) and compares it with the live read model: the event store's
 * projections from the first event, and the pictures from the first record
 * of the compacted thumbnails topic. (The cameras' timelines are a window
 * of the frames topic, which keeps 3 days: they are not rebuilt.)
 */
export async function replayAll(
  stores: Stores,
  progress: (line: string, done: boolean) => void,
): Promise<ReplayReport[]> {
  const reports: ReplayReport[] = [];
  for (const projection of readModelProjections()) {
    const scratch = new SqliteReadStore(':memory:');
    try {
      const started = Date.now();
      const events = await replayProjection(stores.eventStore, scratch, projection, ({ done, total }) => {
        const width = 30;
        const filled = total === 0 ? width : Math.round((done / total) * width);
        const rate = Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));
        progress(
          `${projection.name} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} events, ${rate}/s`,
          done >= total,
        );
      });
      reports.push({
        projection: projection.name,
        events,
        differences: await compareProjection(stores.readStore, scratch, projection),
      });
    } finally {
      await scratch.close();
    }
  }
  for (const { projection, topic, rebuildable } of topicReadModels(stores.topics)) {
    if (!rebuildable) continue;
    const scratch = new SqliteReadStore(':memory:');
    try {
      progress(`${projection.name}: reading ${topic} from its first record`, false);
      const records = await replayTopicProjection(projection, stores.messageLog, topic, scratch);
      progress(`${projection.name}: ${records} records`, true);
      reports.push({
        projection: projection.name,
        events: records,
        differences: await compareProjection(stores.readStore, scratch, projection),
      });
    } finally {
      await scratch.close();
    }
  }
  return reports;
}
