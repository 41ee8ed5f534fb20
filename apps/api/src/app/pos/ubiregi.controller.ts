import { Body, Controller, Get, Inject, NotFoundException, Param, Put, Query, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Owner } from '@regicam/accounts';
import { LinkQueries, terminalKey } from '@regicam/links';
import { PosRejectedError } from '@regicam/pos';
import { PosConnectors, UbiregiGrants } from '@regicam/pos/connections';
import { makeCodeVerifier, makeState } from '@regicam/pos/ubiregi';
import { CLOCK, type Clock } from '@regicam/runtime';
import { PosPoller, TerminalNames } from '@regicam/transactions';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentOwner } from '../auth/session';
import { CreateLinkCommand, RelinkTerminalCommand, RemoveLinksCommand } from '../links/commands';
import { parseInput } from '../validation';

const CallbackQuery = z.object({
  code: z.string().optional(),
  state: z.string().optional(),
  error: z.string().optional(),
});
const AssignBody = z.object({ cameraId: z.string().min(1, 'cameraId must be a camera id or null').nullable() });

/**
 * Ubiregi: the owner grants access once (OAuth2 authorization code with
 * PKCE, the manual's "Ubiregi Auth2連携"), then assigns a camera to each
 * register of the account. The grant is refreshed when it can be; when
 * Ubiregi refuses it, the terminals answer `needsReconnect`.
 */
@Controller('ubiregi')
export class UbiregiController {
  constructor(
    private readonly grants: UbiregiGrants,
    private readonly connectors: PosConnectors,
    private readonly poller: PosPoller,
    private readonly links: LinkQueries,
    private readonly commands: CommandBus,
    private readonly names: TerminalNames,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Sends the owner to Ubiregi's consent page (許可する / 許可しない). */
  @Get('connect')
  async connect(@CurrentOwner() owner: Owner, @Res() res: Response): Promise<void> {
    const oauth = this.connectors.ubiregiOAuth();
    const state = makeState();
    const codeVerifier = makeCodeVerifier();
    await this.grants.begin(owner.id, state, codeVerifier, this.clock.now());
    res.redirect(302, oauth.authorizationUrl({ state, codeVerifier }));
  }

  /** Ubiregi sends the owner back here; the portal's Ubiregi page shows the outcome. */
  @Get('callback')
  async callback(@CurrentOwner() owner: Owner, @Query() query: unknown, @Res() res: Response): Promise<void> {
    const q = parseInput(CallbackQuery, query);
    const back = (outcome: string) => res.redirect(302, `/ubiregi?${outcome}`);
    const verifier = q.state ? await this.grants.finish(owner.id, q.state, this.clock.now()) : null;
    if (q.error) return back(`error=${encodeURIComponent(q.error)}`);
    if (!verifier || !q.code) return back('error=invalid_state');
    const tokens = await this.connectors.ubiregiOAuth().exchangeCode(q.code, verifier);
    const account = await this.connectors.ubiregiOnTokens(tokens).currentAccount();
    await this.grants.connect({
      ownerId: owner.id,
      accountId: String(account.id),
      accountName: account.name,
      tokens,
      connectedAt: this.clock.now().toISOString(),
    });
    this.poller.refreshTargets();
    back('connected=1');
  }

  /** The registers of the connected account, each with its camera. */
  @Get('terminals')
  async terminals(@CurrentOwner() owner: Owner) {
    const connection = await this.grants.get(owner.id);
    if (!connection)
      throw new NotFoundException({
        message: 'Ubiregi is not connected yet: open /api/ubiregi/connect',
        details: [{ field: 'ubiregi', message: 'not connected' }],
      });
    const poll = await this.poller.status(`ubiregi:${connection.accountId}`);
    let terminals: { terminalId: string; name: string }[] = [];
    let needsReconnect = poll?.status === 'needs_reconnect';
    try {
      terminals = await this.connectors.ubiregi(connection).terminals();
    } catch (error) {
      if (!(error instanceof PosRejectedError)) throw error;
      needsReconnect = true;
    }
    const rows = await Promise.all(
      terminals.map(async (t) => {
        const link = await this.links.activeLinkOfTerminal(
          terminalKey({ provider: 'ubiregi', contractId: connection.accountId, terminalId: t.terminalId }),
        );
        return {
          terminalId: t.terminalId,
          name: t.name,
          contractId: connection.accountId,
          cameraId: link?.cameraId ?? null,
          linkId: link?.id ?? null,
        };
      }),
    );
    return { account: { id: connection.accountId, name: connection.accountName }, needsReconnect, terminals: rows };
  }

  /** Links the register to a camera, moves it to another, or (null) unlinks it: the same commands as Smaregi. */
  @Put('terminals/:terminalId')
  async assign(@CurrentOwner() owner: Owner, @Param('terminalId') terminalId: string, @Body() body: unknown) {
    const { cameraId } = parseInput(AssignBody, body);
    const connection = await this.grants.get(owner.id);
    if (!connection) throw new NotFoundException('Ubiregi is not connected yet: open /api/ubiregi/connect');
    const terminals = await this.connectors.ubiregi(connection).terminals();
    const terminal = terminals.find((t) => t.terminalId === terminalId);
    if (!terminal) throw new NotFoundException(`register ${terminalId} is not in the Ubiregi account`);
    const ref = { provider: 'ubiregi', contractId: connection.accountId, terminalId } as const;
    const key = terminalKey(ref);
    await this.names.remember(ref, terminal.name, this.clock.now());
    const current = await this.links.activeLinkOfTerminal(key);
    if (cameraId === null) {
      if (current) await this.commands.execute(new RemoveLinksCommand(owner, [current.id]));
      return { terminalId, cameraId: null, linkId: null };
    }
    const link = current
      ? await this.commands.execute(new RelinkTerminalCommand(owner, current.id, cameraId, undefined))
      : await this.commands.execute(
          new CreateLinkCommand(owner, {
            provider: 'ubiregi',
            contractId: connection.accountId,
            terminalId,
            cameraId,
            region: null,
          }),
        );
    return { terminalId, cameraId: link.cameraId, linkId: link.linkId };
  }
}
