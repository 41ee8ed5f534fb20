export type TopicPartition = { topic: string; partition: number };

type Member = { id: object; partitions: { topic: string; partitions: number }[] };

/**
 * The members of each consumer group within this process. Partitions of a
 * topic are dealt round-robin to the members subscribed to it, in the order
 * they joined; a partition is worked on by one member at a time (the lock),
 * so a batch in hand finishes before another member takes the partition.
 */
export class GroupRegistry {
  private readonly members = new Map<string, Member[]>();
  private readonly busy = new Set<string>();

  join(groupId: string, id: object, partitions: Member['partitions']): void {
    const list = this.members.get(groupId) ?? [];
    list.push({ id, partitions });
    this.members.set(groupId, list);
  }

  leave(groupId: string, id: object): void {
    const list = (this.members.get(groupId) ?? []).filter((m) => m.id !== id);
    if (list.length === 0) this.members.delete(groupId);
    else this.members.set(groupId, list);
  }

  assignment(groupId: string, id: object): TopicPartition[] {
    const list = this.members.get(groupId) ?? [];
    const me = list.find((m) => m.id === id);
    if (!me) return [];
    const out: TopicPartition[] = [];
    for (const { topic, partitions } of me.partitions) {
      const sharing = list.filter((m) => m.partitions.some((p) => p.topic === topic));
      const index = sharing.indexOf(me);
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
