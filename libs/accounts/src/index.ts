export {
  AccountsError,
  EmailTaken,
  InvalidCredentials,
  InvalidOwnerInput,
  OwnerChanged,
  TooManyAttempts,
} from './lib/errors';
export { LoginThrottle, type LoginThrottleOptions, ipKey } from './lib/login-throttle';
export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, normalizeEmail } from './lib/owner-input';
export {
  DEFAULT_SESSION_TTL_SECONDS,
  type LoginResult,
  type NewOwner,
  type Owner,
  OwnerAccounts,
  type OwnerAccountsOptions,
  type OwnerDocument,
  OWNERS,
  SESSIONS,
  type SessionDocument,
} from './lib/owner-accounts';
export {
  DEFAULT_SCRYPT_PARAMS,
  HasherBusy,
  type ScryptHasherOptions,
  type ScryptParams,
  ScryptPasswordHasher,
} from './lib/password-hasher';
