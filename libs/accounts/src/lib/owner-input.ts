import { InvalidOwnerInput } from './errors';

export const MIN_PASSWORD_LENGTH = 10;
/** Far above any passphrase; bounds the work a request body can ask of the hash. */
export const MAX_PASSWORD_LENGTH = 1024;
const MAX_EMAIL_LENGTH = 254;
const MAX_DISPLAY_NAME_LENGTH = 100;
/** Pragmatic: one @, no spaces, a dot in the domain. The owner proves the address elsewhere. */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The form emails are stored, looked up and throttled in: trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** A normalised, valid email, or `InvalidOwnerInput` on `email`. */
export function checkEmail(email: unknown): string {
  if (typeof email !== 'string') throw new InvalidOwnerInput('email', 'email is required');
  const normalized = normalizeEmail(email);
  if (normalized.length > MAX_EMAIL_LENGTH || !EMAIL.test(normalized)) {
    throw new InvalidOwnerInput('email', 'email is not a valid address');
  }
  return normalized;
}

/**
 * The password as it is hashed: NFKC-normalised (as NIST SP 800-63B advises),
 * so that full-width characters typed through a Japanese input method match
 * their ASCII forms. At least 10 characters, no other composition rule.
 */
export function checkPassword(password: unknown): string {
  if (typeof password !== 'string') throw new InvalidOwnerInput('password', 'password is required');
  const normalized = normalizePassword(password);
  const length = Array.from(normalized).length;
  if (length < MIN_PASSWORD_LENGTH) {
    throw new InvalidOwnerInput('password', `password must have at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (length > MAX_PASSWORD_LENGTH) {
    throw new InvalidOwnerInput('password', `password must have at most ${MAX_PASSWORD_LENGTH} characters`);
  }
  return normalized;
}

export function normalizePassword(password: string): string {
  return password.normalize('NFKC');
}

/** Trimmed, 1 to 100 characters, no control characters. */
export function checkDisplayName(displayName: unknown): string {
  if (typeof displayName !== 'string') throw new InvalidOwnerInput('displayName', 'displayName is required');
  const trimmed = displayName.trim();
  if (trimmed === '') throw new InvalidOwnerInput('displayName', 'displayName is required');
  if (Array.from(trimmed).length > MAX_DISPLAY_NAME_LENGTH) {
    throw new InvalidOwnerInput('displayName', `displayName must have at most ${MAX_DISPLAY_NAME_LENGTH} characters`);
  }
  if (CONTROL.test(trimmed)) {
    throw new InvalidOwnerInput('displayName', 'displayName must not contain control characters');
  }
  return trimmed;
}
