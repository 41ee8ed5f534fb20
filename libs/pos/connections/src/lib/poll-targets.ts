import type { LinkQueries } from '@regicam/links';
import type { PollTarget } from '@regicam/transactions';
import type { PosCredentials } from './credentials';
import type { PosConnectors } from './pos-connectors';
import type { UbiregiGrants } from './ubiregi-grants';

/**
 * What to poll: each Smaregi contract with a link in force, with the
 * credentials of the owner who linked it first (from that link on), and
 * each Ubiregi grant (from when it was given). A contract whose stored
 * credentials cannot be read is left out and logged: the others go on.
 */
export async function pollTargets(
  deps: { links: LinkQueries; credentials: PosCredentials; grants: UbiregiGrants; connectors: PosConnectors },
  log?: (level: 'warn', message: string) => void,
): Promise<PollTarget[]> {
  const targets: PollTarget[] = [];
  const contracts = new Map<string, { ownerId: string; contractId: string; since: string }>();
  for (const link of await deps.links.allActiveLinks()) {
    if (link.provider !== 'smaregi') continue;
    const seen = contracts.get(link.contractId);
    if (!seen || link.createdAt < seen.since)
      contracts.set(link.contractId, { ownerId: link.ownerId, contractId: link.contractId, since: link.createdAt });
  }
  for (const c of contracts.values()) {
    try {
      const credential = await deps.credentials.get({
        ownerId: c.ownerId,
        provider: 'smaregi',
        contractId: c.contractId,
      });
      if (!credential) continue;
      targets.push({
        key: `smaregi:${c.contractId}`,
        source: deps.connectors.smaregiSource(c.contractId, credential),
        since: new Date(c.since),
      });
    } catch (error) {
      log?.('warn', `smaregi:${c.contractId} is not polled: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (deps.connectors.config.ubiregi) {
    for (const connection of await deps.grants.all()) {
      targets.push({
        key: `ubiregi:${connection.accountId}`,
        source: deps.connectors.ubiregiSource(connection),
        since: new Date(connection.connectedAt),
      });
    }
  }
  return targets;
}
