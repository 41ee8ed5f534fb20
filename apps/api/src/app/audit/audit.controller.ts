import { Controller, Get, Query } from '@nestjs/common';
import { OwnerAccounts, type Owner } from '@regicam/accounts';
import { LinkQueries, type LinkHistoryEntry } from '@regicam/links';
import { z } from 'zod';
import { CurrentOwner } from '../auth/session';
import { parseInput } from '../validation';
import { ActorNames } from './actor-names';

const isoTime = (field: string) =>
  z
    .string()
    .refine(
      (v) => /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)),
      `${field} must be an ISO 8601 time, e.g. 2026-11-28T09:00:00+09:00`,
    )
    .transform((v) => new Date(v).toISOString());

const HistoryQuery = z.object({
  terminalId: z.string().min(1).optional(),
  cameraId: z.string().min(1).optional(),
  from: isoTime('from').optional(),
  to: isoTime('to').optional(),
});

const StateQuery = z.object({ at: isoTime('at') });

/**
 * For auditors: who linked which register to which camera, and when. The
 * owner's own links only. Each actor comes with a name and email
 * (`actorName`, `actorEmail`; `linkedByName`, `linkedByEmail`) beside the
 * recorded id, so no screen shows a bare id.
 */
@Controller('audit/links')
export class AuditController {
  constructor(
    private readonly links: LinkQueries,
    private readonly accounts: OwnerAccounts,
  ) {}

  @Get()
  async history(@CurrentOwner() owner: Owner, @Query() query: unknown) {
    const q = parseInput(HistoryQuery, query);
    const entries = await this.links.history({ ownerId: owner.id, ...q });
    const names = new ActorNames(this.accounts);
    return { events: await Promise.all(entries.map(async (e) => ({ ...auditView(e), ...(await names.of(e.actor)) }))) };
  }

  @Get('state')
  async state(@CurrentOwner() owner: Owner, @Query() query: unknown) {
    const { at } = parseInput(StateQuery, query);
    const links = await this.links.stateAt(at, owner.id);
    const names = new ActorNames(this.accounts);
    return {
      at,
      links: await Promise.all(
        links.map(async (e) => {
          const { actorName, actorEmail } = await names.of(e.actor);
          return { ...linkOf(e), since: e.at, linkedBy: e.actor, linkedByName: actorName, linkedByEmail: actorEmail };
        }),
      ),
    };
  }
}

function linkOf(e: LinkHistoryEntry) {
  const { linkId, provider, contractId, terminalId, cameraId, region } = e;
  return { linkId, provider, contractId, terminalId, cameraId, region };
}

function auditView(e: LinkHistoryEntry) {
  return { eventId: e.id, type: e.eventType, at: e.at, actor: e.actor, reason: e.reason, ...linkOf(e) };
}
