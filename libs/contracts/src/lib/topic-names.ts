import { TOPIC, type TopicId } from './topics';

/** The name each topic has on the broker: the agreed name, after an optional prefix. */
export type TopicNames = { readonly [I in TopicId]: string };

/**
 * The broker's names of the topics. A prefix (`TOPIC_PREFIX`, e.g. `staging.`)
 * lets several installations, or test runs, share one Kafka cluster; the
 * records and their contracts are the same whatever the prefix.
 */
export function topicNames(prefix = ''): TopicNames {
  if (!/^[A-Za-z0-9._-]*$/.test(prefix)) {
    throw new RangeError(`a topic prefix holds only letters, digits and . _ - (was ${JSON.stringify(prefix)})`);
  }
  return Object.fromEntries(Object.entries(TOPIC).map(([id, name]) => [id, `${prefix}${name}`])) as TopicNames;
}
