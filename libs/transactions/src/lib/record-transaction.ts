import { transactionDecider, transactionStream } from '@regicam/domain';
import { handleCommand } from '@regicam/event-sourcing';
import type { EventStore } from '@regicam/event-store';
import type { PosTransaction } from '@regicam/pos';
import { createHash } from 'node:crypto';

/**
 * A UUID derived from a name (the RFC 4122 name-based layout, SHA-256 cut to
 * 128 bits): the same POS transaction always gets the same event id, so the
 * event store itself refuses a second copy.
 */
export function nameBasedUuid(name: string): string {
  const h = createHash('sha256').update(name).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/**
 * Records one POS transaction: a new stream expected to be absent, with a
 * deterministic event id, so a poll, a push and a retry of the same
 * transaction store it once. Returns whether it was new.
 */
export async function recordTransaction(
  store: EventStore,
  tx: PosTransaction,
  meta: { actor: string; at: string },
): Promise<{ recorded: boolean; position: string | null }> {
  const stream = transactionStream(tx);
  const outcome = await handleCommand(
    store,
    stream,
    transactionDecider,
    { type: 'RecordTransaction', data: tx, metadata: meta },
    {
      eventIds: (events) => events.map((_, i) => nameBasedUuid(`${stream}/${i}`)),
      metadata: { actor: meta.actor },
    },
  );
  return { recorded: outcome.events.length > 0, position: outcome.position };
}
