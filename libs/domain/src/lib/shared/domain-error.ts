/**
 * Why the domain refused a command. The code is stable (the API maps it to
 * an HTTP status); the message is for people; `field` names the input at
 * fault when there is one.
 */
export type DomainErrorCode =
  | 'invalid_input'
  | 'camera_not_found'
  | 'pos_option_missing'
  | 'pos_option_not_started'
  | 'terminal_already_linked'
  | 'terminal_linked_elsewhere'
  | 'link_not_found'
  | 'link_changed';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly field?: string,
    /** Facts the caller can act on (e.g. the link now in force). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
