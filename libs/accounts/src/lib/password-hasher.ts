import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  /** CPU and memory cost, a power of two; memory is 128 · N · r bytes. */
  readonly N: number;
  /** Block size. */
  readonly r: number;
  /** Parallelisation. */
  readonly p: number;
}

/**
 * OWASP's minimum for scrypt (Password Storage Cheat Sheet): N = 2^17, r = 8,
 * p = 1, i.e. 128 MiB and about 0.6 s per hash on a 2-vCPU machine. See
 * docs/security.md for why, and for what raising it does.
 */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 17, r: 8, p: 1 };

export interface ScryptHasherOptions extends Partial<ScryptParams> {
  /**
   * Hashes computed at once; the others wait. Each holds 128 · N · r bytes,
   * so this bounds the memory a burst of logins takes (2 × 128 MiB by
   * default) and leaves libuv's thread pool to the file system. Default 2.
   */
  readonly maxConcurrent?: number;
  /**
   * Hashes that may wait for a free slot; one more is refused at once with
   * `HasherBusy` (the API answers 429), so a flood of logins cannot queue
   * without bound. Default 16.
   */
  readonly maxQueued?: number;
}

/** Too many hashes are waiting already: try again in a moment. */
export class HasherBusy extends Error {
  override readonly name = 'HasherBusy';

  constructor() {
    super('too many passwords are being checked at once');
  }
}

const SALT_BYTES = 16;
const KEY_BYTES = 64;
/** Bounds for parameters read back from a stored hash, so a corrupt row cannot ask for gigabytes. */
const MAX_N = 2 ** 22;
const MAX_R = 32;
const MAX_P = 16;
/** A shorter stored key would make a match by chance feasible. */
const MIN_STORED_KEY_BYTES = 32;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

interface ParsedHash extends ScryptParams {
  readonly salt: Buffer;
  readonly hash: Buffer;
}

/**
 * scrypt password hashes as self-describing strings
 * `scrypt$N$r$p$<salt b64url>$<hash b64url>` (16-byte random salt, 64-byte
 * key), so the parameters can rise later: `needsRehash` tells which stored
 * hashes to redo at the next successful login.
 */
export class ScryptPasswordHasher {
  readonly params: ScryptParams;
  private readonly maxConcurrent: number;
  private readonly maxQueued: number;
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(options: ScryptHasherOptions = {}) {
    this.params = checkParams({
      N: options.N ?? DEFAULT_SCRYPT_PARAMS.N,
      r: options.r ?? DEFAULT_SCRYPT_PARAMS.r,
      p: options.p ?? DEFAULT_SCRYPT_PARAMS.p,
    });
    this.maxConcurrent = Math.max(1, options.maxConcurrent ?? 2);
    this.maxQueued = Math.max(0, options.maxQueued ?? 16);
  }

  async hash(password: string): Promise<string> {
    const { N, r, p } = this.params;
    const salt = randomBytes(SALT_BYTES);
    const key = await this.derive(password, salt, KEY_BYTES, this.params);
    return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
  }

  /**
   * Whether the password matches the stored hash, compared in constant time.
   * Throws when the stored string is not a hash this class reads: that is
   * corrupt data, not a wrong password.
   */
  async verify(password: string, stored: string): Promise<boolean> {
    const parsed = parseHash(stored);
    const key = await this.derive(password, parsed.salt, parsed.hash.length, parsed);
    return timingSafeEqual(key, parsed.hash);
  }

  /** Whether the stored hash was made with other parameters than this hasher's. */
  needsRehash(stored: string): boolean {
    const parsed = parseHash(stored);
    const { N, r, p } = this.params;
    return (
      parsed.N !== N ||
      parsed.r !== r ||
      parsed.p !== p ||
      parsed.hash.length !== KEY_BYTES ||
      parsed.salt.length < SALT_BYTES
    );
  }

  private async derive(password: string, salt: Buffer, length: number, { N, r, p }: ScryptParams): Promise<Buffer> {
    await this.acquire();
    try {
      return await new Promise<Buffer>((resolve, reject) =>
        // OpenSSL needs 128 · N · r for V plus 128 · r · p for B; Node's default maxmem is 32 MiB.
        scrypt(password, salt, length, { N, r, p, maxmem: 128 * r * (N + p + 2) + 1024 * 1024 }, (error, key) =>
          error ? reject(error) : resolve(key),
        ),
      );
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.running < this.maxConcurrent) {
      this.running++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.maxQueued) return Promise.reject(new HasherBusy());
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Hands the slot straight to the next waiter, if any. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}

function checkParams(params: ScryptParams): ScryptParams {
  const { N, r, p } = params;
  const powerOfTwo = Number.isInteger(N) && N >= 2 && N <= MAX_N && (N & (N - 1)) === 0;
  if (!powerOfTwo || !isIn(r, 1, MAX_R) || !isIn(p, 1, MAX_P)) {
    throw new Error(
      `scrypt parameters N=${N}, r=${r}, p=${p} are out of range (N a power of two up to 2^22, r ≤ 32, p ≤ 16)`,
    );
  }
  return params;
}

function isIn(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

function parseHash(stored: string): ParsedHash {
  const parts = stored.split('$');
  const [scheme, n, r, p, salt, hash] = parts;
  if (
    parts.length !== 6 ||
    scheme !== 'scrypt' ||
    salt === undefined ||
    hash === undefined ||
    !BASE64URL.test(salt) ||
    !BASE64URL.test(hash)
  ) {
    throw new Error('stored password hash is malformed: expected scrypt$N$r$p$salt$hash');
  }
  const params = checkParams({ N: Number(n), r: Number(r), p: Number(p) });
  const parsed = { ...params, salt: Buffer.from(salt, 'base64url'), hash: Buffer.from(hash, 'base64url') };
  if (parsed.hash.length < MIN_STORED_KEY_BYTES) {
    throw new Error(`stored password hash is malformed: its key has ${parsed.hash.length} bytes`);
  }
  return parsed;
}
