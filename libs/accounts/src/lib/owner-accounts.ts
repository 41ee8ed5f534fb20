import { randomBytes } from 'node:crypto';
import { type Collection, type ReadDocument, type ReadStore, UniqueIndexError } from '@regicam/read-store';
import { EmailTaken, InvalidCredentials, OwnerChanged, TooManyAttempts } from './errors';
import { LoginThrottle } from './login-throttle';
import {
  MAX_PASSWORD_LENGTH,
  checkDisplayName,
  checkEmail,
  checkPassword,
  normalizeEmail,
  normalizePassword,
} from './owner-input';
import { HasherBusy, ScryptPasswordHasher } from './password-hasher';
import { newSessionToken, sessionId } from './sessions';

export const OWNERS = 'owners';
export const SESSIONS = 'sessions';

/** 12 hours, absolute: a store's working day. */
export const DEFAULT_SESSION_TTL_SECONDS = 12 * 60 * 60;

export interface OwnerDocument extends ReadDocument {
  /** Lower-cased and trimmed; unique. */
  readonly email: string;
  readonly displayName: string;
  /** `scrypt$N$r$p$salt$hash`. */
  readonly passwordHash: string;
  readonly createdAt: string;
}

/** Stored under the SHA-256 of its token; the token itself is never stored. */
export interface SessionDocument extends ReadDocument {
  readonly ownerId: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  /** The address the session was opened from, for the owner's own review. */
  readonly ip: string;
}

/** An owner as the API may show it: never the password hash. */
export interface Owner {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
}

export interface NewOwner {
  readonly email: string;
  readonly password: string;
  readonly displayName: string;
}

export interface LoginResult {
  readonly ownerId: string;
  /** For the `regicam_session` cookie only; the store keeps its hash. */
  readonly sessionToken: string;
  readonly expiresAt: string;
}

export interface OwnerAccountsOptions {
  /** Session lifetime from login, absolute (not renewed by use). Default 12 hours. */
  readonly sessionTtlSeconds?: number;
  /** Default: scrypt with `DEFAULT_SCRYPT_PARAMS`. Tests pass a cheaper one. */
  readonly hasher?: ScryptPasswordHasher;
  /** Default: a throttle with its default limits. Share one per process. */
  readonly throttle?: LoginThrottle;
}

/**
 * Owner accounts and their sessions, kept as documents in the read store
 * (`owners`, `sessions`). Ids and time come in from the caller.
 */
export class OwnerAccounts {
  private readonly hasher: ScryptPasswordHasher;
  private readonly throttle: LoginThrottle;
  private readonly sessionTtlMs: number;
  /**
   * The hash an unknown email is checked against, with this hasher's
   * parameters, so that "no such owner" takes as long as "wrong password".
   * Started at once, so that the first login does not pay for it.
   */
  private readonly dummyHash: Promise<string>;

  private constructor(
    private readonly owners: Collection<OwnerDocument>,
    private readonly sessions: Collection<SessionDocument>,
    options: OwnerAccountsOptions,
  ) {
    this.hasher = options.hasher ?? new ScryptPasswordHasher();
    this.throttle = options.throttle ?? new LoginThrottle();
    const ttl = options.sessionTtlSeconds ?? DEFAULT_SESSION_TTL_SECONDS;
    if (!Number.isFinite(ttl) || ttl <= 0) throw new Error('OwnerAccounts: sessionTtlSeconds must be positive');
    this.sessionTtlMs = ttl * 1000;
    this.dummyHash = this.hasher.hash(randomBytes(32).toString('base64url'));
    this.dummyHash.catch(() => undefined); // awaited (and its error raised) at the first unknown email
  }

  /** Opens the collections, ensuring their indexes. */
  static async open(store: ReadStore, options: OwnerAccountsOptions = {}): Promise<OwnerAccounts> {
    const owners = await store.collection<OwnerDocument>(OWNERS, {
      indexes: [{ fields: [['email', 1]], unique: true }],
    });
    const sessions = await store.collection<SessionDocument>(SESSIONS, {
      indexes: [
        {
          fields: [
            ['ownerId', 1],
            ['id', 1],
          ],
        },
        {
          fields: [
            ['expiresAt', 1],
            ['id', 1],
          ],
        },
      ],
    });
    return new OwnerAccounts(owners, sessions, options);
  }

  /**
   * Creates an owner. Throws `InvalidOwnerInput` (naming the field) for bad
   * input and `EmailTaken` when another owner has the email: the unique
   * index decides, so two concurrent creations cannot both succeed.
   */
  async create(input: NewOwner, meta: { readonly id: string; readonly now: Date }): Promise<Owner> {
    const email = checkEmail(input.email);
    const displayName = checkDisplayName(input.displayName);
    const password = checkPassword(input.password);
    const doc: OwnerDocument = {
      id: meta.id,
      version: 1,
      email,
      displayName,
      passwordHash: await this.hasher.hash(password),
      createdAt: meta.now.toISOString(),
    };
    let outcome: string;
    try {
      outcome = await this.owners.upsert(doc);
    } catch (error) {
      if (error instanceof UniqueIndexError) throw new EmailTaken(email);
      throw error;
    }
    if (outcome === 'stale') throw new Error(`owner '${meta.id}' already exists`);
    return toOwner(doc);
  }

  async getOwner(id: string): Promise<Owner | null> {
    const doc = await this.owners.get(id);
    return doc && toOwner(doc);
  }

  /** The owner with this email (compared as logins compare it), or null; for operators' tools, never for logins. */
  async getOwnerByEmail(email: string): Promise<Owner | null> {
    const doc = await this.findByEmail(normalizeEmail(String(email)));
    return doc && toOwner(doc);
  }

  /**
   * 1. Refuses with `TooManyAttempts` while the email or the address is
   *    throttled, before looking at the password; an attempt let through is
   *    counted as a failure at once, so parallel guesses cannot all pass
   *    while the slow hash runs.
   * 2. Verifies the password, against a dummy hash when the email is unknown,
   *    so both failures take as long and throw the same `InvalidCredentials`;
   *    when too many hashes wait already, refuses with `TooManyAttempts`
   *    (busy) without hashing.
   * 3. On success clears the email's failures, rehashes a hash made with
   *    older parameters, and opens a session.
   */
  async login(
    email: string,
    password: string,
    context: { readonly now: Date; readonly ip: string },
  ): Promise<LoginResult> {
    const { now, ip } = context;
    const normalizedEmail = normalizeEmail(String(email));
    const retryAfter = this.throttle.admit(normalizedEmail, ip, now);
    if (retryAfter > 0) throw new TooManyAttempts(retryAfter);

    const owner = await this.findByEmail(normalizedEmail);
    const normalizedPassword = normalizePassword(String(password));
    const matches =
      Array.from(normalizedPassword).length <= MAX_PASSWORD_LENGTH &&
      (await this.verifyOrBusy(normalizedPassword, owner?.passwordHash ?? (await this.dummyHash)));
    if (!owner || !matches) throw new InvalidCredentials();

    this.throttle.recordSuccess(normalizedEmail);
    if (this.hasher.needsRehash(owner.passwordHash)) {
      // A concurrent change wins ('stale'); the next login tries again.
      await this.owners.upsert({
        ...owner,
        version: owner.version + 1,
        passwordHash: await this.hasher.hash(normalizedPassword),
      });
    }
    return this.openSession(owner.id, now, ip);
  }

  /** The owner of a live session, or null. An expired session is deleted on the way. */
  async authenticate(token: string, now: Date): Promise<Owner | null> {
    const id = sessionId(token);
    if (id === null) return null;
    const session = await this.sessions.get(id);
    if (!session) return null;
    if (Date.parse(session.expiresAt) <= now.getTime()) {
      await this.sessions.delete(id);
      return null;
    }
    const owner = await this.owners.get(session.ownerId);
    if (!owner) {
      await this.sessions.delete(id);
      return null;
    }
    return toOwner(owner);
  }

  /** Ends the session of this token; nothing happens for an unknown one. */
  async logout(token: string): Promise<void> {
    const id = sessionId(token);
    if (id !== null) await this.sessions.delete(id);
  }

  /**
   * Changes the password after checking the current one (throttled like a
   * login), and ends every other session of the owner: whoever else was
   * logged in with the old password is logged out.
   */
  async changePassword(
    ownerId: string,
    passwords: { readonly currentPassword: string; readonly newPassword: string },
    context: { readonly now: Date; readonly ip: string; readonly keepSessionToken?: string },
  ): Promise<void> {
    const owner = await this.owners.get(ownerId);
    if (!owner) throw new InvalidCredentials();
    const newPassword = checkPassword(passwords.newPassword);
    const retryAfter = this.throttle.admit(owner.email, context.ip, context.now);
    if (retryAfter > 0) throw new TooManyAttempts(retryAfter);
    const current = normalizePassword(String(passwords.currentPassword));
    if (Array.from(current).length > MAX_PASSWORD_LENGTH || !(await this.verifyOrBusy(current, owner.passwordHash))) {
      throw new InvalidCredentials();
    }
    this.throttle.recordSuccess(owner.email);
    const passwordHash = await this.hasher.hash(newPassword);
    if ((await this.owners.upsert({ ...owner, version: owner.version + 1, passwordHash })) === 'stale') {
      throw new OwnerChanged(ownerId);
    }
    await this.revokeSessions(ownerId, context.keepSessionToken);
  }

  /** Ends every session of the owner but the one of `exceptToken`; returns how many ended. */
  async revokeSessions(ownerId: string, exceptToken?: string): Promise<number> {
    const keep = exceptToken === undefined ? undefined : (sessionId(exceptToken) ?? undefined);
    return this.deleteSessions({ ownerId, id: keep === undefined ? undefined : { $ne: keep } });
  }

  /** Deletes the sessions expired at `now` (those nobody presents again are never met by `authenticate`). */
  async purgeExpiredSessions(now: Date): Promise<number> {
    return this.deleteSessions({ expiresAt: { $lte: now.toISOString() } });
  }

  private async verifyOrBusy(password: string, hash: string): Promise<boolean> {
    try {
      return await this.hasher.verify(password, hash);
    } catch (error) {
      if (error instanceof HasherBusy) throw new TooManyAttempts(2, 'busy');
      throw error;
    }
  }

  private async openSession(ownerId: string, now: Date, ip: string): Promise<LoginResult> {
    const sessionToken = newSessionToken();
    const expiresAt = new Date(now.getTime() + this.sessionTtlMs).toISOString();
    await this.sessions.upsert({
      id: sessionId(sessionToken) as string,
      version: 1,
      ownerId,
      createdAt: now.toISOString(),
      expiresAt,
      ip,
    });
    return { ownerId, sessionToken, expiresAt };
  }

  private async findByEmail(email: string): Promise<OwnerDocument | null> {
    const { items } = await this.owners.find({ email }, { limit: 1 });
    return items[0] ?? null;
  }

  /** Deletes what the filter matches, a page at a time; each page is gone before the next is read. */
  private async deleteSessions(filter: Parameters<Collection<SessionDocument>['find']>[0]): Promise<number> {
    let deleted = 0;
    for (;;) {
      const { items } = await this.sessions.find(filter, { limit: 500 });
      for (const session of items) {
        if ((await this.sessions.delete(session.id)) === 'deleted') deleted++;
      }
      if (items.length === 0) return deleted;
    }
  }
}

function toOwner(doc: OwnerDocument): Owner {
  return { id: doc.id, email: doc.email, displayName: doc.displayName };
}
