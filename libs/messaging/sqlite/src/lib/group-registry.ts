import type { TopicPartition } from '@regicam/messaging';

/** A member of a consumer group in this process. */
export type GroupMember = {
  id: object;
  topics: string[];
  /** The topic's partition count now: partitions added later are dealt out too. */
  partitions: (topic: string) => number;
  /** Called before the group's partitions are dealt out again: commit what was processed. */
  beforeRebalance: () => void;
};

/**
 * The members of each consumer group within this process. Partitions of a
 * topic are dealt round-robin to the members subscribed to it, in the order
 * they joined; a partition is worked on by one member at a time (the lock),
 * so a batch in hand finishes before another member takes the partition.
 * Before members join or leave, every member commits what it processed, so
 * the next owner of a partition starts where the last one stopped.
 */
export class GroupRegistry {
  private readonly members = new Map<string, GroupMember[]>();
  private readonly busy = new Set<string>();

  join(groupId: string, member: GroupMember): void {
    const list = this.members.get(groupId) ?? [];
    list.forEach((m) => m.beforeRebalance());
    this.members.set(groupId, [...list, member]);
  }

  leave(groupId: string, id: object): void {
    const list = (this.members.get(groupId) ?? []).filter((m) => m.id !== id);
    list.forEach((m) => m.beforeRebalance());
    if (list.length === 0) this.members.delete(groupId);
    else this.members.set(groupId, list);
  }

  assignment(groupId: string, id: object): TopicPartition[] {
    const list = this.members.get(groupId) ?? [];
    const me = list.find((m) => m.id === id);
    if (!me) return [];
    const out: TopicPartition[] = [];
    for (const topic of me.topics) {
      const sharing = list.filter((m) => m.topics.includes(topic));
      const index = sharing.indexOf(me);
      const partitions = me.partitions(topic);
      for (let p = index; p < partitions; p += sharing.length) out.push({ topic, partition: p });
    }
    return out;
  }

  owns(groupId: string, id: object, tp: TopicPartition): boolean {
    return this.assignment(groupId, id).some((a) => a.topic === tp.topic && a.partition === tp.partition);
  }

  lock(groupId: string, tp: TopicPartition): boolean {
    const key = `${groupId}\u0000${tp.topic}\u0000${tp.partition}`;
    if (this.busy.has(key)) return false;
    this.busy.add(key);
    return true;
  }

  unlock(groupId: string, tp: TopicPartition): void {
    this.busy.delete(`${groupId}\u0000${tp.topic}\u0000${tp.partition}`);
  }
}
