import type { TerminalLinkEvent, TransactionReceived } from '@regicam/domain';
import { terminalKey, transactionKey } from './schema';
import type { LinksValue } from './values/links';
import type { TransactionReceivedRecord } from './values/transactions';

/**
 * The relay's values: an event store event becomes the record of the same
 * name (without the version suffix, which the topic name carries), with
 * the event id and the keys added to the event's data.
 */

export function linkRecordOf(eventId: string, event: TerminalLinkEvent): LinksValue {
  const added = { eventId, terminalKey: terminalKey(event.data) };
  switch (event.type) {
    case 'LinkCreated.v1':
      return { type: 'LinkCreated', ...added, ...event.data };
    case 'LinkRemoved.v1':
      return { type: 'LinkRemoved', ...added, ...event.data };
    default: {
      const unknown: never = event;
      return unknown;
    }
  }
}

export function transactionRecordOf(eventId: string, event: TransactionReceived): TransactionReceivedRecord {
  return {
    type: 'TransactionReceived',
    eventId,
    transactionKey: transactionKey(event.data),
    terminalKey: terminalKey(event.data),
    ...event.data,
  };
}
