import { z } from 'zod';
import { Id, Provider, TerminalKey, Time, says, terminalKey } from '../schema';
import { Region } from './region';

/** What both link records say: the event, the link, the register and the camera. */
const linkFacts = {
  eventId: Id.describe('The event store id of the event; the record id.'),
  linkId: Id,
  ownerId: Id,
  provider: Provider,
  contractId: Id,
  terminalId: Id,
  terminalKey: TerminalKey.describe('<provider>:<contractId>:<terminalId>; the record key.'),
  cameraId: Id,
};

/** Who made the change and when it took effect. */
const change = {
  actor: Id.describe('Who made the change: a user id, or system:<role>.'),
  at: Time.describe('When the link took (created) or lost (removed) effect: a link holds in [created at, removed at).'),
};

/** The terminal key is built from the record's own provider, contract and terminal. */
function terminalKeyAgrees(
  value: { provider: string; contractId: string; terminalId: string; terminalKey: string },
  ctx: z.RefinementCtx,
): void {
  const expected = terminalKey(value);
  if (value.terminalKey !== expected) {
    ctx.addIssue({ code: 'custom', path: ['terminalKey'], message: `must be ${expected}` });
  }
}

export const LinkCreatedRecord = z
  .strictObject({
    type: z.literal('LinkCreated'),
    ...linkFacts,
    region: Region.nullable().describe("The register's part of the picture; null: the whole picture."),
    ...change,
  })
  .superRefine(terminalKeyAgrees)
  .meta({ id: 'LinkCreated', description: 'A camera covers a register from `at` on (the event LinkCreated.v1).' });
export type LinkCreatedRecord = z.infer<typeof LinkCreatedRecord>;

export const LinkRemovedRecord = z
  .strictObject({
    type: z.literal('LinkRemoved'),
    ...linkFacts,
    reason: z.string(says('must be a string')).describe('Why, e.g. "relinked to camera …".'),
    ...change,
  })
  .superRefine(terminalKeyAgrees)
  .meta({
    id: 'LinkRemoved',
    description: 'A camera no longer covers a register from `at` on (the event LinkRemoved.v1).',
  });
export type LinkRemovedRecord = z.infer<typeof LinkRemovedRecord>;

/** The value of regicam.links.v1. */
export const LinksValue = z.discriminatedUnion('type', [LinkCreatedRecord, LinkRemovedRecord]);
export type LinksValue = z.infer<typeof LinksValue>;
