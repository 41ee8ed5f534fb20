import type { Collection, ReadDocument, ReadStore } from '@regicam/read-store';

/**
 * One part of the system that a single process works on at a time (a
 * projection), as every process sees it: who holds it, until when, and how
 * it is doing. Kept in `role_status`, a record of its own (not a
 * projection). The holder renews it while it works; once `heldUntil` has
 * passed, another process may take it over.
 */
export type PartStatus = ReadDocument & {
  part: string;
  holder: string | null;
  heldUntil: string | null;
  state: string;
  details: Record<string, unknown>;
  updatedAt: string;
};

export const ROLE_STATUS = 'role_status';

/**
 * Claims and status of the parts that one process at a time works on,
 * written with compare-and-set on the document's version, so that of two
 * processes claiming a free part exactly one gets it.
 */
export class StatusBoard {
  private constructor(private readonly docs: Collection<PartStatus>) {}

  static async open(store: ReadStore): Promise<StatusBoard> {
    return new StatusBoard(await store.collection<PartStatus>(ROLE_STATUS));
  }

  /**
   * Takes or renews the part for `holder` until `now + ttlMs`, with its
   * current state. False when another holder's claim has not run out.
   */
  async claim(
    part: string,
    holder: string,
    ttlMs: number,
    now: Date,
    status: { state: string; details?: Record<string, unknown> },
  ): Promise<boolean> {
    const current = await this.docs.get(part);
    const free =
      !current ||
      current.holder === holder ||
      current.holder === null ||
      Date.parse(current.heldUntil ?? '') <= now.getTime();
    if (!free) return false;
    const outcome = await this.docs.upsert({
      id: part,
      version: (current?.version ?? 0) + 1,
      part,
      holder,
      heldUntil: new Date(now.getTime() + ttlMs).toISOString(),
      state: status.state,
      details: status.details ?? {},
      updatedAt: now.toISOString(),
    });
    return outcome === 'applied';
  }

  /** Gives the part up (a graceful stop), leaving its last state for others to read. */
  async release(part: string, holder: string, now: Date, state = 'stopped'): Promise<void> {
    const current = await this.docs.get(part);
    if (!current || current.holder !== holder) return;
    await this.docs.upsert({
      ...current,
      version: current.version + 1,
      holder: null,
      heldUntil: null,
      state,
      updatedAt: now.toISOString(),
    });
  }

  /** The part as last written, or null when nobody ever claimed it. */
  read(part: string): Promise<PartStatus | null> {
    return this.docs.get(part);
  }
}

/** Whether someone holds the part now (a claim that has not run out). */
export function isHeld(status: PartStatus | null, now: Date): boolean {
  return Boolean(status?.holder && Date.parse(status.heldUntil ?? '') > now.getTime());
}
