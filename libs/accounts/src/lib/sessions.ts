import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes, base64url: 43 characters. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** A new session token: what the cookie holds, and never stored. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The id a session is stored under: the SHA-256 of its token. Someone who
 * reads the store learns the hash, and the hash is not a token: presenting it
 * looks up its own hash, which no session has. A fast hash is enough here,
 * because the token is 256 random bits, not a password to be guessed.
 * Null for a string that cannot be a token, so it costs no lookup.
 */
export function sessionId(token: string): string | null {
  return TOKEN.test(token) ? createHash('sha256').update(token, 'ascii').digest('hex') : null;
}
