import type { OwnerAccounts } from '@regicam/accounts';

/** Who made a change, in words a person reads: never the bare id of the event's metadata. */
export type ActorName = { actorName: string; actorEmail: string | null };

/**
 * Puts names to the actors of link events (`owner:<id>`, `system:<part>`),
 * asking for each owner once per answer.
 * - `owner:<id>`: the owner's display name and email; an owner no longer
 *   on record reads "unknown owner" (the id stays in `actor`);
 * - `system:<part>`: "system (<part>)";
 * - anything else is shown as it was recorded.
 */
export class ActorNames {
  private readonly owners = new Map<string, Promise<ActorName>>();

  constructor(private readonly accounts: Pick<OwnerAccounts, 'getOwner'>) {}

  of(actor: string): Promise<ActorName> {
    const [kind, ...rest] = actor.split(':');
    const id = rest.join(':');
    if (kind === 'owner' && id) {
      let named = this.owners.get(id);
      if (!named) {
        named = this.accounts
          .getOwner(id)
          .then((owner) =>
            owner
              ? { actorName: owner.displayName || owner.email, actorEmail: owner.email }
              : { actorName: 'unknown owner', actorEmail: null },
          );
        this.owners.set(id, named);
      }
      return named;
    }
    if (kind === 'system' && id) return Promise.resolve({ actorName: `system (${id})`, actorEmail: null });
    return Promise.resolve({ actorName: actor, actorEmail: null });
  }
}
