import { ActorNames } from './actor-names';

describe('ActorNames', () => {
  const owners = new Map([
    ['o-1', { id: 'o-1', email: 'alice@example.com', displayName: 'Alice の店' }],
    ['o-2', { id: 'o-2', email: 'bob@example.com', displayName: '' }],
  ]);
  let asked: string[];
  const names = () => {
    asked = [];
    return new ActorNames({
      getOwner: async (id: string) => {
        asked.push(id);
        return owners.get(id) ?? null;
      },
    });
  };

  it('names an owner by display name and email, asking for each owner once', async () => {
    const n = names();
    expect(await n.of('owner:o-1')).toEqual({ actorName: 'Alice の店', actorEmail: 'alice@example.com' });
    await n.of('owner:o-1');
    expect(asked).toEqual(['o-1']);
  });

  it('falls back to the email when the display name is empty', async () => {
    expect(await names().of('owner:o-2')).toEqual({ actorName: 'bob@example.com', actorEmail: 'bob@example.com' });
  });

  it('says so for an owner no longer on record, and names system parts', async () => {
    const n = names();
    expect(await n.of('owner:gone')).toEqual({ actorName: 'unknown owner', actorEmail: null });
    expect(await n.of('system:smaregi-poller')).toEqual({ actorName: 'system (smaregi-poller)', actorEmail: null });
    expect(await n.of('cli')).toEqual({ actorName: 'cli', actorEmail: null });
  });
});
