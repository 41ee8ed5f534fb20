/**
 * The commit rule of one partition of the camera stage: the committed
 * offset never passes a transaction whose job is not produced. It is the
 * offset of the oldest record still open (its transaction waits, or its
 * job is not acknowledged yet), or, with none open, the offset after the
 * last record handled.
 *
 * Records are counted, not just marked: a batch handed over again (after a
 * failure) opens its records a second time, and each opening is closed on
 * its own (the repeat at once, the original when its job is acknowledged),
 * so a repeat never closes a record whose job is still to come.
 */
export class CommitPoint {
  private readonly open = new Map<bigint, number>();
  private handled?: bigint;
  private committed?: bigint;

  /** A record whose job is to come. */
  hold(offset: string): void {
    const o = BigInt(offset);
    this.open.set(o, (this.open.get(o) ?? 0) + 1);
  }

  /** One holding of the record is over: its job was acknowledged, or it turned out a repeat. */
  release(offset: string): void {
    const o = BigInt(offset);
    const n = this.open.get(o);
    if (n === undefined) return;
    if (n <= 1) this.open.delete(o);
    else this.open.set(o, n - 1);
  }

  /** Every record before `offset` has been handed over and handled (held where its job is to come). */
  handledBefore(offset: string): void {
    const o = BigInt(offset);
    if (this.handled === undefined || o > this.handled) this.handled = o;
  }

  /** The offset to commit now; undefined when nothing was handled yet or it would not move past the last commit. */
  next(): string | undefined {
    if (this.handled === undefined) return undefined;
    let point = this.handled;
    for (const o of this.open.keys()) if (o < point) point = o;
    if (this.committed !== undefined && point <= this.committed) return undefined;
    return point.toString();
  }

  /** The log took a commit of `offset`. */
  committedAt(offset: string): void {
    const o = BigInt(offset);
    if (this.committed === undefined || o > this.committed) this.committed = o;
  }

  /** Records held (each holding counted once per record). */
  get holding(): number {
    return this.open.size;
  }
}
