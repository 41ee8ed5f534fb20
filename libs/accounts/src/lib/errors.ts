/** The base of the typed errors of accounts, so the API can map them in one place. */
export abstract class AccountsError extends Error {}

/** Bad input to create an owner or change a password (HTTP 400); `field` names the input at fault. */
export class InvalidOwnerInput extends AccountsError {
  override readonly name = 'InvalidOwnerInput';

  constructor(
    readonly field: 'email' | 'password' | 'displayName',
    message: string,
  ) {
    super(message);
  }
}

/** Another owner has this email (HTTP 409). */
export class EmailTaken extends AccountsError {
  override readonly name = 'EmailTaken';

  constructor(readonly email: string) {
    super(`an owner with email '${email}' already exists`);
  }
}

/**
 * The email and password do not match an owner (HTTP 401). Deliberately the
 * same whether the email is unknown or the password wrong.
 */
export class InvalidCredentials extends AccountsError {
  override readonly name = 'InvalidCredentials';

  constructor() {
    super('invalid email or password');
  }
}

/** Too many failed logins for this email or from this address (HTTP 429 with `Retry-After`). */
export class TooManyAttempts extends AccountsError {
  override readonly name = 'TooManyAttempts';

  constructor(
    /** Seconds until one more attempt is allowed; at least 1. */
    readonly retryAfterSeconds: number,
    /** `attempts`: this email or address failed too often; `busy`: too many logins are being checked at once. */
    readonly reason: 'attempts' | 'busy' = 'attempts',
  ) {
    super(
      reason === 'busy'
        ? `too many logins are being checked right now; try again in ${retryAfterSeconds} s`
        : `too many failed login attempts; try again in ${retryAfterSeconds} s`,
    );
  }
}

/** The owner changed between reading and writing it (HTTP 409); try again. */
export class OwnerChanged extends AccountsError {
  override readonly name = 'OwnerChanged';

  constructor(readonly ownerId: string) {
    super(`owner '${ownerId}' was changed concurrently`);
  }
}
