import { topicDifferences, type TopicDifference } from '@regicam/messaging';
import { ensureRegiCamTopics, loadStoreConfig, openMessageLog, wantedTopics } from '@regicam/runtime';

export type TopicsReport = {
  /** What was found before anything was changed. */
  found: TopicDifference[];
  /** What is still different afterwards (with --check: everything found). */
  remaining: TopicDifference[];
  /** How many topics are wanted in all. */
  topics: number;
};

/**
 * `regicam topics`: every topic RegiCam uses, with its partitions,
 * retention and cleanup policy (docs/topics.md), on the configured message
 * log. Without `check`, creates the missing ones and sets the configs that
 * differ; partition counts it cannot change are reported for an operator.
 */
export async function topics(
  options: { check?: boolean },
  env: NodeJS.ProcessEnv = process.env,
): Promise<TopicsReport> {
  const config = loadStoreConfig(env).messageLog;
  const log = openMessageLog(config);
  try {
    const wanted = wantedTopics(config);
    const found = topicDifferences(wanted, await log.describeTopics(wanted.map((t) => t.name)));
    const remaining = options.check ? found : await ensureRegiCamTopics(log, config);
    return { found, remaining, topics: wanted.length };
  } finally {
    await log.close();
  }
}

/** The report in words, one line per difference. */
export function topicsText(report: TopicsReport, check: boolean): string {
  const lines: string[] = [];
  if (report.found.length === 0) lines.push(`all ${report.topics} topics are as they should be`);
  for (const d of report.found) {
    const fixed = !check && !report.remaining.some((r) => r.topic === d.topic && r.field === d.field);
    lines.push(`${d.message}${check ? '' : fixed ? ' — fixed' : ' — NOT fixed: change it by hand'}`);
  }
  return lines.join('\n');
}
