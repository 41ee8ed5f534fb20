import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every ingest token starts so, so that one found in a log or a repository is recognised. */
export const INGEST_TOKEN_PREFIX = 'rcit_';

/** A new ingest token (256 random bits) and its public id. */
export function newIngestToken(): { token: string; tokenId: string } {
  return {
    token: `${INGEST_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`,
    tokenId: randomBytes(4).toString('hex'),
  };
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The hash compared when there is no stored one, so an unknown camera takes as long as a wrong token. */
const NO_HASH = tokenHash('no ingest token');

/**
 * Whether the token hashes to the stored SHA-256, compared in constant time
 * (the digests have one length whatever was sent). False when nothing is stored.
 */
export function tokenMatches(token: string, storedSha256: string | null): boolean {
  const given = Buffer.from(tokenHash(token), 'hex');
  const stored = Buffer.from(storedSha256 ?? NO_HASH, 'hex');
  return stored.length === given.length && timingSafeEqual(given, stored) && storedSha256 !== null;
}
