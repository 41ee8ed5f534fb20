/** A partition being read: a new object for each assign, so a batch of an earlier one is abandoned. */
export type ReadPartition = { position: bigint };

/**
 * The partitions a reader reads and where it is in each, kept the same way
 * by every adapter's reader:
 * 1. `assign` replaces a partition's entry, so `current()` of a batch of the
 *    earlier one turns false and the batch is given up;
 * 2. one batch at a time is in hand (`run`); `unassign` of its partition
 *    wakes its backoff and resolves once it ended.
 */
export class ReaderPartitions {
  private readonly partitions = new Map<number, ReadPartition>();
  private inHand?: { partition: number; done: Promise<unknown>; abandon: AbortController };

  assign(partition: number, position: bigint): ReadPartition {
    const entry = { position };
    this.partitions.set(partition, entry);
    return entry;
  }

  /** Returns whether the partition was assigned. */
  async unassign(partition: number): Promise<boolean> {
    const was = this.partitions.delete(partition);
    if (this.inHand?.partition === partition) {
      this.inHand.abandon.abort();
      await this.inHand.done;
    }
    return was;
  }

  get(partition: number): ReadPartition | undefined {
    return this.partitions.get(partition);
  }

  /** Whether this entry is still the partition's (not unassigned or assigned again). */
  current(partition: number, entry: ReadPartition): boolean {
    return this.partitions.get(partition) === entry;
  }

  entries(): [number, ReadPartition][] {
    return [...this.partitions];
  }

  assigned(): number[] {
    return [...this.partitions.keys()].sort((a, b) => a - b);
  }

  position(partition: number): string | undefined {
    return this.partitions.get(partition)?.position.toString();
  }

  /** Runs a batch of a partition as the one in hand; `abandoned` fires when the partition is unassigned. */
  async run<T>(partition: number, batch: (abandoned: AbortSignal) => Promise<T>): Promise<T> {
    const abandon = new AbortController();
    const done = batch(abandon.signal);
    this.inHand = { partition, done: done.catch(() => undefined), abandon };
    try {
      return await done;
    } finally {
      this.inHand = undefined;
    }
  }

  /** Resolves once no batch is in hand. */
  async idle(): Promise<void> {
    await this.inHand?.done;
  }
}
