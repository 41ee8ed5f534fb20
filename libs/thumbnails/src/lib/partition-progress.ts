/**
 * How far one partition of the jobs topic may be committed while its jobs
 * finish out of order. Jobs run concurrently, so a job that waits for a
 * recording must not hold the others back, nor may the commit pass it: the
 * committable offset is the oldest unfinished job's (the next record to
 * read, as Kafka commits), or, with none unfinished, the end of what the
 * consumer counts as handed over. A crash then redelivers the unfinished
 * jobs and the finished ones after them (done again, idempotently), never
 * fewer. Pure: offsets in, offsets out.
 */
export class PartitionProgress {
  /** Offsets of jobs begun and not finished, in offset order (they begin in order). */
  private readonly unfinished: bigint[] = [];
  /** The highest offset begun; a record at or below it was seen (redelivered within one batch retry). */
  private highestBegun = -1n;
  /** Everything below this was handed to the handler and returned from, or set aside as a dead letter. */
  private handedUpTo: bigint;
  private committedAt: bigint;

  /** `from`: the first offset this member reads (nothing below it is its to commit). */
  constructor(from: string) {
    this.handedUpTo = BigInt(from);
    this.committedAt = BigInt(from);
  }

  /** Whether the record at this offset was begun already. */
  seen(offset: string): boolean {
    return BigInt(offset) <= this.highestBegun;
  }

  /** A job begins; offsets come in increasing order. */
  begin(offset: string): void {
    const at = BigInt(offset);
    if (at <= this.highestBegun) throw new RangeError(`offset ${offset} was begun already`);
    this.highestBegun = at;
    this.unfinished.push(at);
  }

  /** A job finished (its result is acknowledged); unknown offsets are ignored. */
  finish(offset: string): void {
    const at = BigInt(offset);
    const index = this.unfinished.indexOf(at);
    if (index >= 0) this.unfinished.splice(index, 1);
  }

  /** The consumer counts every record below `upTo` as processed (the handler returned, or it went to the dead-letter topic). */
  handedOver(upTo: string): void {
    const at = BigInt(upTo);
    if (at > this.handedUpTo) this.handedUpTo = at;
  }

  /** The offset to commit now, or null when the commit would not move. */
  committable(): string | null {
    const oldest = this.unfinished[0];
    const upTo = oldest !== undefined && oldest < this.handedUpTo ? oldest : this.handedUpTo;
    return upTo > this.committedAt ? upTo.toString() : null;
  }

  /** The commit of `offset` is durable. */
  committed(offset: string): void {
    const at = BigInt(offset);
    if (at > this.committedAt) this.committedAt = at;
  }

  get unfinishedCount(): number {
    return this.unfinished.length;
  }

  /** Where the next commit stands (the last durable one). */
  get committedOffset(): string {
    return this.committedAt.toString();
  }
}
