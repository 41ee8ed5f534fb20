import { readFileSync, writeFileSync } from 'node:fs';
import { type Keyring, SECRET_KEYS_ENV, generateKey, parseKeyring } from './keyring';

export interface LoadKeyringOptions {
  /** The configured keyring (`REGICAM_SECRET_KEYS`); used whenever it is set. */
  readonly configured?: string;
  /**
   * The embedded default's key file in its data folder: read when nothing is
   * configured, and created with one generated key (mode 0600) when missing.
   */
  readonly keyFile?: string;
}

export interface LoadedKeyring {
  readonly keyring: Keyring;
  /** Where it came from; `generated` means a new key file was just written. */
  readonly source: 'configured' | 'file' | 'generated';
}

/**
 * The keyring of this process: the configuration when set, otherwise the key
 * file. Several replicas must share one keyring, so a production deployment
 * sets `REGICAM_SECRET_KEYS`; the key file is for one machine.
 */
export function loadKeyring(options: LoadKeyringOptions): LoadedKeyring {
  if (options.configured !== undefined && options.configured.trim() !== '') {
    return { keyring: parseKeyring(options.configured), source: 'configured' };
  }
  if (options.keyFile === undefined) {
    throw new Error(`${SECRET_KEYS_ENV} is not set and no key file was given`);
  }
  const existing = readKeyFile(options.keyFile);
  if (existing !== null) return { keyring: parseKeyring(existing), source: 'file' };
  try {
    // 'wx': never overwrite a key file another process has just written.
    writeFileSync(options.keyFile, `${generateKey()}\n`, { mode: 0o600, flag: 'wx' });
    return { keyring: parseKeyring(readFileSync(options.keyFile, 'utf8')), source: 'generated' };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { keyring: parseKeyring(readFileSync(options.keyFile, 'utf8')), source: 'file' };
  }
}

function readKeyFile(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
