import { DomainError } from './domain-error';

export const POS_PROVIDERS = ['smaregi', 'ubiregi'] as const;
export type PosProvider = (typeof POS_PROVIDERS)[number];

/** A register: which POS, which contract (account) there, which terminal. */
export type TerminalRef = { provider: PosProvider; contractId: string; terminalId: string };

const ID = /^[A-Za-z0-9_.:@]{1,64}$/;

/** Checks the parts of a terminal reference; ids are short codes without dashes or spaces. */
export function checkTerminalRef(ref: TerminalRef): void {
  if (!(POS_PROVIDERS as readonly string[]).includes(ref.provider)) {
    throw new DomainError('invalid_input', `provider must be one of ${POS_PROVIDERS.join(', ')}`, 'provider');
  }
  for (const field of ['contractId', 'terminalId'] as const) {
    if (typeof ref[field] !== 'string' || !ID.test(ref[field])) {
      throw new DomainError(
        'invalid_input',
        `${field} must be 1 to 64 letters, digits or _ . : @ (no spaces or dashes)`,
        field,
      );
    }
  }
}

/** The stream of a terminal's links: `link-<provider>-<contract>-<terminal>`. */
export function terminalLinkStream(ref: TerminalRef): string {
  return `link-${ref.provider}-${ref.contractId}-${ref.terminalId}`;
}
