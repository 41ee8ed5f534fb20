export {
  KEY_BYTES,
  type Keyring,
  KeyringError,
  SECRET_KEYS_ENV,
  type SecretKey,
  generateKey,
  parseKeyring,
} from './lib/keyring';
export { type LoadKeyringOptions, type LoadedKeyring, loadKeyring } from './lib/key-file';
export { SecretBox, SecretBoxError } from './lib/secret-box';
export { MASK, MASK_MIN_LENGTH_TO_SHOW, SECRET_LOG_PATHS, mask, redactUrl } from './lib/mask';
