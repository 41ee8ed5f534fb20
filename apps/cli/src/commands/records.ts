import { TOPIC, decodeRecord, topicNames, type TopicId } from '@regicam/contracts';
import { readTopic } from '@regicam/messaging';
import { loadStoreConfig, openMessageLog } from '@regicam/runtime';

export type RecordsOptions = { limit: number; format: 'table' | 'ndjson' };

/**
 * `regicam records <topic>`: the last records a topic holds, each checked
 * against the topic's contract, on the configured message log (the
 * embedded SQLite file or Kafka). The topic is named by its id
 * (`transactions`) or its name (`regicam.transactions.v1`).
 */
export async function records(topic: string, options: RecordsOptions, env = process.env): Promise<string> {
  const config = loadStoreConfig(env).messageLog;
  const id = (Object.keys(TOPIC) as TopicId[]).find((k) => k === topic || TOPIC[k] === topic);
  if (!id) throw new Error(`no topic ${topic}; name one of ${Object.keys(TOPIC).join(', ')}`);
  const log = openMessageLog(config);
  try {
    const all = await readTopic(log, topicNames(config.topicPrefix)[id]);
    const shown = all.sort((a, b) => a.timestamp - b.timestamp).slice(-options.limit);
    const lines = shown.map((r) => {
      const decoded = decodeRecord(TOPIC[id], r);
      if (options.format === 'ndjson') {
        return JSON.stringify(decoded.ok ? decoded.value : { invalid: decoded.reason, key: r.key });
      }
      const at = new Date(r.timestamp).toISOString();
      return decoded.ok
        ? `${at}  p${r.partition}@${r.offset}  ${r.key ?? ''}  ${decoded.value.type}  ${JSON.stringify(decoded.value)}`
        : `${at}  p${r.partition}@${r.offset}  ${r.key ?? ''}  INVALID: ${decoded.reason}`;
    });
    return lines.length > 0 ? lines.join('\n') : `${TOPIC[id]} holds no records yet`;
  } finally {
    await log.close();
  }
}
