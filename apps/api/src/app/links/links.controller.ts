import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Owner } from '@regicam/accounts';
import { z } from 'zod';
import { LinkQueries } from '@regicam/links';
import type { SmaregiCredential } from '@regicam/pos/connections';
import { CurrentOwner } from '../auth/session';
import { parseInput } from '../validation';
import { CreateLinkCommand, RelinkTerminalCommand, RemoveLinksCommand } from './commands';
import { LinkViews, type LinkView } from './link-view';

const id = (field: string) =>
  z
    .string({ error: `${field} is required` })
    .trim()
    .regex(/^[A-Za-z0-9_.:@]{1,64}$/, `${field} must be 1 to 64 letters, digits or _ . : @`);

const RegionInput = z.object({
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
  width: z.number().gt(0).max(1),
  height: z.number().gt(0).max(1),
});

/** A POS secret goes into an HTTP header: visible ASCII only (no spaces, control or non-ASCII characters). */
const secret = (field: string) =>
  z
    .string({ error: `${field} is required` })
    .trim()
    .min(1, `${field} is required`)
    .max(512, `${field} must be at most 512 characters`)
    .regex(/^[\x21-\x7e]*$/, `${field} may hold only visible ASCII characters (copy it again from Smaregi)`);

const LinkFields = {
  provider: z.literal('smaregi').default('smaregi'),
  contractId: id('contractId'),
  terminalId: id('terminalId'),
  cameraId: z.string({ error: 'cameraId is required' }).min(1, 'cameraId is required'),
  region: RegionInput.nullable().default(null),
};

/** The legacy スマレジAPI's access token (the manual's way), or a Platform API app's client credentials. */
const CreateLinkBody = z.union([
  z.object({
    ...LinkFields,
    api: z.literal('platform'),
    clientId: secret('clientId'),
    clientSecret: secret('clientSecret'),
  }),
  z.object({ ...LinkFields, api: z.literal('legacy').default('legacy'), accessToken: secret('accessToken') }),
]);

const RemoveLinksBody = z.object({
  linkIds: z
    .array(z.string().min(1), { error: 'linkIds must be a list of link ids' })
    .min(1, 'name at least one link')
    .max(500),
});

const RelinkBody = z.object({
  cameraId: z.string({ error: 'cameraId is required' }).min(1, 'cameraId is required'),
  region: RegionInput.nullable().optional(),
});

@Controller('links')
export class LinksController {
  constructor(
    private readonly links: LinkQueries,
    private readonly views: LinkViews,
    private readonly commands: CommandBus,
  ) {}

  /** The owner's links in force; tokens masked. */
  @Get()
  async list(@CurrentOwner() owner: Owner): Promise<{ links: LinkView[] }> {
    const links = await this.links.activeLinks(owner.id);
    return { links: await Promise.all(links.map((l) => this.views.ofDocument(l))) };
  }

  /** Links a Smaregi terminal to a camera (契約ID, アクセストークン, 端末ID, カメラ). */
  @Post()
  create(@CurrentOwner() owner: Owner, @Body() body: unknown): Promise<LinkView> {
    const input = parseInput(CreateLinkBody, body);
    const credential: SmaregiCredential =
      input.api === 'platform'
        ? { api: 'platform', clientId: input.clientId, clientSecret: input.clientSecret }
        : { api: 'legacy', accessToken: input.accessToken };
    const { provider, contractId, terminalId, cameraId, region } = input;
    return this.commands.execute(
      new CreateLinkCommand(owner, { provider, contractId, terminalId, cameraId, region, credential }),
    );
  }

  /** Removes several links at once. */
  @Post('delete')
  @HttpCode(200)
  remove(@CurrentOwner() owner: Owner, @Body() body: unknown): Promise<{ removed: string[] }> {
    return this.commands.execute(new RemoveLinksCommand(owner, parseInput(RemoveLinksBody, body).linkIds));
  }

  /** Moves the terminal of this link to another camera (or another region). */
  @Put(':linkId/camera')
  relink(@CurrentOwner() owner: Owner, @Param('linkId') linkId: string, @Body() body: unknown): Promise<LinkView> {
    const input = parseInput(RelinkBody, body);
    return this.commands.execute(new RelinkTerminalCommand(owner, linkId, input.cameraId, input.region));
  }
}
