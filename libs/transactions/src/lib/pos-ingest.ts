import { DomainError } from '@regicam/domain';
import type { EventStore } from '@regicam/event-store';
import type { PosTransaction, RejectedRow } from '@regicam/pos';
import type { Collection, ReadDocument, ReadStore } from '@regicam/read-store';
import { createHash } from 'node:crypto';
import { recordTransaction } from './record-transaction';

/** A POS row that could not be recorded, with why (`pos_dead_letters`, a record of its own). */
export type PosDeadLetter = ReadDocument & { source: string; reason: string; raw: string; at: string };

export const POS_DEAD_LETTERS = 'pos_dead_letters';

/** What one ingest did. */
export type IngestOutcome = { recorded: number; repeated: number; deadLettered: number };

export type IngestLog = (level: 'info' | 'warn' | 'error', message: string) => void;

/**
 * The one path by which POS rows become recorded transactions, for the
 * pollers, the Smaregi push and the Platform webhook alike:
 * 1. each transaction is recorded on its own stream (idempotent: the same
 *    POS transaction twice is stored once);
 * 2. a transaction the rules refuse (a non-finite amount, a bad id) and a
 *    row the connector could not read are set aside as dead letters with
 *    the reason, and the others go on;
 * 3. any other failure (the event store is down) is thrown: the caller
 *    keeps its checkpoint and tries again later.
 */
export class PosIngest {
  private constructor(
    private readonly events: EventStore,
    private readonly dead: Collection<PosDeadLetter>,
    private readonly now: () => Date,
    private readonly log?: IngestLog,
  ) {}

  static async open(events: EventStore, store: ReadStore, now: () => Date, log?: IngestLog): Promise<PosIngest> {
    const dead = await store.collection<PosDeadLetter>(POS_DEAD_LETTERS, {
      indexes: [
        {
          fields: [
            ['source', 1],
            ['at', 1],
          ],
        },
      ],
    });
    return new PosIngest(events, dead, now, log);
  }

  async ingest(
    source: string,
    found: { transactions: PosTransaction[]; rejected: RejectedRow[] },
    actor: string,
  ): Promise<IngestOutcome> {
    const outcome: IngestOutcome = { recorded: 0, repeated: 0, deadLettered: 0 };
    for (const tx of found.transactions) {
      try {
        const r = await recordTransaction(this.events, tx, { actor, at: this.now().toISOString() });
        if (r.recorded) outcome.recorded++;
        else outcome.repeated++;
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        await this.deadLetter(source, tx, `${error.field ?? error.code}: ${error.message}`);
        outcome.deadLettered++;
      }
    }
    for (const row of found.rejected) {
      await this.deadLetter(source, row.raw, row.reason);
      outcome.deadLettered++;
    }
    return outcome;
  }

  /** Sets a POS row aside with the reason (idempotent: the same row twice is one record). */
  async deadLetter(source: string, raw: unknown, reason: string): Promise<void> {
    const text = JSON.stringify(raw) ?? String(raw);
    const id = createHash('sha256').update(`${source}\n${text}`).digest('hex').slice(0, 32);
    await this.dead.upsert({ id, version: 1, source, reason, raw: text, at: this.now().toISOString() });
    this.log?.('warn', `${source}: a POS row was set aside (${reason})`);
  }

  /** The dead letters of a source, oldest first (for operators and tests). */
  async deadLetters(source: string): Promise<PosDeadLetter[]> {
    return (await this.dead.find({ source }, { sort: [['at', 1]], limit: 1000 })).items;
  }
}
