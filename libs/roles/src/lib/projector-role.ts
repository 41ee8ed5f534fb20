import { Projector, type Projection, type ProjectorOptions } from '@regicam/event-sourcing';
import type { EventStore } from '@regicam/event-store';
import type { ReadStore } from '@regicam/read-store';
import { ClaimedRole, subscriberRunner, type ClaimedRoleOptions, type ClaimedRunner } from './claimed-role';
import type { StatusBoard } from './status-board';

/** The part a projection is claimed and reported under. */
export const projectionPart = (name: string) => `projection:${name}`;

/**
 * The `projector` role: keeps the read models (links, transactions, …) up
 * to date. Each projection runs in one process at a time, the one holding
 * its claim (see `ClaimedRole`); the others stand by. `others` are read
 * models kept from elsewhere than the event store (from topics), claimed
 * and reported the same way.
 */
export function projectorRole(
  projections: Projection[],
  events: EventStore,
  store: ReadStore,
  board: StatusBoard,
  options: ClaimedRoleOptions & { projector?: Omit<ProjectorOptions, 'log'>; others?: ClaimedRunner[] } = {},
): ClaimedRole {
  const runners = projections.map((p) =>
    subscriberRunner(
      projectionPart(p.name),
      new Projector(p, events, store, { ...options.projector, log: options.log }),
    ),
  );
  return new ClaimedRole('projector', [...runners, ...(options.others ?? [])], board, options);
}
