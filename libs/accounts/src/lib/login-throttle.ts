import { isIPv4, isIPv6 } from 'node:net';

export interface LoginThrottleOptions {
  /** Failed attempts allowed per email within the window. Default 5. */
  readonly maxPerEmail?: number;
  /** Failed attempts allowed per client address within the window. Default 20. */
  readonly maxPerIp?: number;
  /** The sliding window. Default 15 minutes. */
  readonly windowSeconds?: number;
  /** Keys kept at most; past it, expired keys go, then the longest idle. Default 100 000. */
  readonly maxKeys?: number;
}

/**
 * Counts failed logins per email and per client address in a sliding window,
 * in this process's memory: several API replicas each count on their own
 * (docs/security.md). Time comes in with each call, so tests move a fake
 * clock instead of sleeping.
 *
 * Refused attempts are not counted, so a lock lifts at the latest one window
 * after the last failure that was let through.
 */
export class LoginThrottle {
  private readonly maxPerEmail: number;
  private readonly maxPerIp: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;
  /** Times (ms) of the recent failures of each key, oldest first, at most the key's limit of them. */
  private readonly failures = new Map<string, number[]>();

  constructor(options: LoginThrottleOptions = {}) {
    this.maxPerEmail = positive('maxPerEmail', options.maxPerEmail ?? 5);
    this.maxPerIp = positive('maxPerIp', options.maxPerIp ?? 20);
    this.windowMs = positive('windowSeconds', options.windowSeconds ?? 15 * 60) * 1000;
    this.maxKeys = positive('maxKeys', options.maxKeys ?? 100_000);
  }

  /**
   * Seconds until the next attempt for this email from this address is
   * allowed, or 0 when it is allowed now.
   */
  retryAfterSeconds(email: string, ip: string, now: Date): number {
    const t = now.getTime();
    const wait = Math.max(this.waitMs(emailKey(email), this.maxPerEmail, t), this.waitMs(ipKey(ip), this.maxPerIp, t));
    return wait > 0 ? Math.ceil(wait / 1000) : 0;
  }

  /**
   * Lets an attempt through, counting it as a failure at once, before its
   * password is checked: parallel guesses cannot all pass while the slow
   * hash runs. A success then clears the email's count
   * (`recordSuccess`). Returns 0 when admitted, otherwise the seconds to
   * wait (the refused attempt is not counted).
   */
  admit(email: string, ip: string, now: Date): number {
    const wait = this.retryAfterSeconds(email, ip, now);
    if (wait > 0) return wait;
    this.recordFailure(email, ip, now);
    return 0;
  }

  recordFailure(email: string, ip: string, now: Date): void {
    this.record(emailKey(email), this.maxPerEmail, now.getTime());
    this.record(ipKey(ip), this.maxPerIp, now.getTime());
  }

  /**
   * Clears the email's failures. The address keeps its count, so one valid
   * account cannot be used to reset the counter of an address guessing others.
   */
  recordSuccess(email: string): void {
    this.failures.delete(emailKey(email));
  }

  /** Keys currently tracked (for tests and metrics). */
  get size(): number {
    return this.failures.size;
  }

  private waitMs(key: string, limit: number, t: number): number {
    const times = this.recent(key, t);
    // Blocked while `limit` failures are in the window; free when the oldest of them leaves it.
    const oldest = times.length >= limit ? times[times.length - limit] : undefined;
    return oldest === undefined ? 0 : oldest + this.windowMs - t;
  }

  private record(key: string, limit: number, t: number): void {
    const times = this.recent(key, t);
    times.push(t);
    if (times.length > limit) times.splice(0, times.length - limit);
    this.failures.delete(key); // re-insert: the map stays ordered by last failure
    this.failures.set(key, times);
    if (this.failures.size > this.maxKeys) this.evict(t);
  }

  /** The failures of a key still in the window at `t`; forgets the key when none is. */
  private recent(key: string, t: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((time) => time > t - this.windowMs);
    if (times.length === 0) this.failures.delete(key);
    return times;
  }

  /**
   * The map is ordered by last failure, so the keys to drop are at its front:
   * first every expired one, then (a flood of distinct emails or addresses)
   * the longest idle, down to 90 % of the limit so the sweep is not redone on
   * every failure.
   */
  private evict(t: number): void {
    const target = Math.floor(this.maxKeys * 0.9);
    for (const [key, times] of this.failures) {
      const last = times[times.length - 1];
      const expired = last === undefined || last <= t - this.windowMs;
      if (!expired && this.failures.size <= target) break;
      this.failures.delete(key);
    }
  }
}

function positive(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`LoginThrottle: ${name} must be a positive integer`);
  return value;
}

function emailKey(email: string): string {
  return `email:${email.trim().toLowerCase()}`;
}

/**
 * The address a failure counts against. An IPv4-mapped IPv6 address counts as
 * its IPv4 address; other IPv6 addresses count by their /64 prefix, because
 * one client usually holds a whole /64 and could otherwise rotate through it.
 */
export function ipKey(ip: string): string {
  const address = ip.trim().replace(/%.*$/, '').toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address)?.[1];
  if (mapped !== undefined && isIPv4(mapped)) return `ip:${mapped}`;
  if (!isIPv6(address)) return `ip:${address}`;
  const [head = '', tail = ''] = address.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::')
    ? [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups]
    : headGroups;
  return `ip:${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
