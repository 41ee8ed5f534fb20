import {
  ContractError,
  DEAD_LETTER_HEADERS,
  HEADERS,
  TOPIC,
  dlqTopic,
  encodeRecord,
  linkRecordOf,
  transactionRecordOf,
  type TopicNames,
} from '@regicam/contracts';
import type { TerminalLinkEvent, TransactionReceived } from '@regicam/domain';
import { CheckpointedSubscriber, type SubscriberOptions, type SubscriberStatus } from '@regicam/event-sourcing';
import type { EventStore, StoredEvent } from '@regicam/event-store';
import type { MessageLog, OutgoingMessage } from '@regicam/messaging';
import type { ReadStore } from '@regicam/read-store';
import { ClaimedRole, subscriberRunner, type ClaimedRoleOptions, type StatusBoard } from '@regicam/roles';

/** The event types the relay publishes, and where. */
const RELAYED = {
  'LinkCreated.v1': 'links',
  'LinkRemoved.v1': 'links',
  'TransactionReceived.v1': 'transactions',
} as const satisfies Record<string, keyof TopicNames>;

type RelayedType = keyof typeof RELAYED;

/** One event's record, or its dead letter, on the broker's topic. */
type Outgoing = { topic: string; message: OutgoingMessage; deadLetter: boolean };

export type RelayCounts = { relayed: number; deadLettered: number };

/**
 * The record of one stored event, ready to send: LinkCreated / LinkRemoved
 * to the links topic, TransactionReceived to the transactions topic, keyed
 * by terminal key, with the event id, type, schema version, content type
 * and event-store position in the headers. An event the topic's contract
 * refuses becomes a dead letter on that topic's `.dlq`: the stored event as
 * it is, with the reason, so nothing is dropped and the relay goes on.
 */
export function relayedRecord(event: StoredEvent, topics: TopicNames): Outgoing {
  const target = RELAYED[event.type as RelayedType];
  const topic = topics[target];
  try {
    const encoded =
      target === 'links'
        ? encodeRecord(TOPIC.links, linkRecordOf(event.id, event as unknown as TerminalLinkEvent), {
            position: event.position,
          })
        : encodeRecord(TOPIC.transactions, transactionRecordOf(event.id, event as unknown as TransactionReceived), {
            position: event.position,
          });
    return { topic, message: encoded, deadLetter: false };
  } catch (error) {
    const reason = error instanceof ContractError ? error.message : `cannot encode: ${String(error)}`;
    return {
      topic: dlqTopic(topic),
      deadLetter: true,
      message: {
        key: event.streamName,
        value: JSON.stringify({ id: event.id, type: event.type, streamName: event.streamName, data: event.data }),
        headers: {
          [HEADERS.recordId]: event.id,
          [HEADERS.position]: event.position,
          [DEAD_LETTER_HEADERS.reason]: reason,
          [DEAD_LETTER_HEADERS.topic]: topic,
          [DEAD_LETTER_HEADERS.at]: event.recordedAt,
        },
      },
    };
  }
}

export const RELAY_CHECKPOINT = 'relay';

/**
 * The relay: every link and transaction event of the event store, in
 * order, onto its topic. A checkpointed subscriber (see
 * `CheckpointedSubscriber`):
 * 1. follows `$all` after its checkpoint (`relay`, kept in the read store);
 * 2. makes each event's record (or dead letter);
 * 3. sends a batch's records topic by topic, in event order, and waits for
 *    the broker's acknowledgement;
 * 4. only then saves the checkpoint. At least once: a crash between 3 and 4
 *    sends the batch again; consumers drop repeats by `regicam-record-id`
 *    (the event id).
 */
export class Relay extends CheckpointedSubscriber<Outgoing> {
  private readonly counts: RelayCounts;

  constructor(
    deps: { events: EventStore; store: ReadStore; log: MessageLog; topics: TopicNames },
    options: SubscriberOptions = {},
  ) {
    const counts: RelayCounts = { relayed: 0, deadLettered: 0 };
    super(
      {
        name: RELAY_CHECKPOINT,
        label: 'relay',
        filter: { eventTypes: Object.keys(RELAYED) },
        prepare: async (event) => relayedRecord(event, deps.topics),
        commit: async (work, checkpoint) => {
          const byTopic = new Map<string, OutgoingMessage[]>();
          for (const w of work) byTopic.set(w.topic, [...(byTopic.get(w.topic) ?? []), w.message]);
          await Promise.all([...byTopic].map(([topic, messages]) => deps.log.send(topic, messages)));
          await deps.store.commit({ writes: [], checkpoint: { name: RELAY_CHECKPOINT, position: checkpoint } });
          for (const w of work) {
            if (w.deadLetter) counts.deadLettered++;
            else counts.relayed++;
          }
          const dead = work.filter((w) => w.deadLetter);
          if (dead.length > 0) {
            options.log?.(
              'warn',
              `relay: ${dead.length} event(s) set aside: ${dead.map((d) => d.message.headers?.[DEAD_LETTER_HEADERS.reason]).join('; ')}`,
            );
          }
        },
      },
      deps.events,
      deps.store,
      { batchSize: 500, ...options },
    );
    this.counts = counts;
  }

  relayStatus(): SubscriberStatus & RelayCounts {
    return { ...this.status(), ...this.counts };
  }
}

/** The `relay` role: the relay runs in one process at a time (a claim on the status board). */
export function relayRole(
  deps: ConstructorParameters<typeof Relay>[0],
  board: StatusBoard,
  options: ClaimedRoleOptions & { relay?: Omit<SubscriberOptions, 'log'> } = {},
): ClaimedRole {
  return new ClaimedRole(
    'relay',
    [subscriberRunner('relay', new Relay(deps, { ...options.relay, log: options.log }))],
    board,
    options,
  );
}
