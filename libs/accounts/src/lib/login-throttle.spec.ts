import { LoginThrottle, ipKey } from './login-throttle';

/** A fake clock: tests move it instead of sleeping. */
function clock(start = Date.parse('2025-06-01T09:00:00Z')) {
  let t = start;
  return {
    now: () => new Date(t),
    advance: (seconds: number) => (t += seconds * 1000),
  };
}

describe('LoginThrottle', () => {
  it('allows 5 failures per email in 15 minutes, then says how long to wait', () => {
    const c = clock();
    const throttle = new LoginThrottle();
    for (let i = 0; i < 5; i++) {
      expect(throttle.retryAfterSeconds('owner@example.com', `10.0.0.${i}`, c.now())).toBe(0);
      throttle.recordFailure('owner@example.com', `10.0.0.${i}`, c.now());
      c.advance(60);
    }
    // The first failure leaves the window 15 minutes after it: 10 minutes from now.
    expect(throttle.retryAfterSeconds('owner@example.com', '10.0.0.99', c.now())).toBe(600);
    expect(throttle.retryAfterSeconds(' Owner@Example.COM ', '10.0.0.99', c.now())).toBe(600);
    expect(throttle.retryAfterSeconds('other@example.com', '10.0.0.99', c.now())).toBe(0);
  });

  it('lets the email try again once the oldest failure leaves the window', () => {
    const c = clock();
    const throttle = new LoginThrottle();
    for (let i = 0; i < 5; i++) throttle.recordFailure('a@example.com', '10.0.0.1', c.now());
    c.advance(15 * 60 - 1);
    expect(throttle.retryAfterSeconds('a@example.com', '10.0.0.2', c.now())).toBe(1);
    c.advance(1);
    expect(throttle.retryAfterSeconds('a@example.com', '10.0.0.2', c.now())).toBe(0);
  });

  it('allows 20 failures per address across emails', () => {
    const c = clock();
    const throttle = new LoginThrottle();
    for (let i = 0; i < 20; i++) {
      expect(throttle.retryAfterSeconds(`user${i}@example.com`, '203.0.113.7', c.now())).toBe(0);
      throttle.recordFailure(`user${i}@example.com`, '203.0.113.7', c.now());
    }
    expect(throttle.retryAfterSeconds('fresh@example.com', '203.0.113.7', c.now())).toBe(900);
    expect(throttle.retryAfterSeconds('fresh@example.com', '203.0.113.8', c.now())).toBe(0);
  });

  it('clears the email after a success, but not the address', () => {
    const c = clock();
    const throttle = new LoginThrottle({ maxPerIp: 6 });
    for (let i = 0; i < 5; i++) throttle.recordFailure('a@example.com', '10.0.0.1', c.now());
    throttle.recordSuccess('A@example.com');
    expect(throttle.retryAfterSeconds('a@example.com', '10.0.0.2', c.now())).toBe(0);
    throttle.recordFailure('b@example.com', '10.0.0.1', c.now());
    expect(throttle.retryAfterSeconds('c@example.com', '10.0.0.1', c.now())).toBe(900);
  });

  it('does not count refused attempts, so a lock ends one window after the failures let through', () => {
    const c = clock();
    const throttle = new LoginThrottle({ maxPerEmail: 2, windowSeconds: 60 });
    throttle.recordFailure('a@example.com', '10.0.0.1', c.now()); // t = 0
    c.advance(10);
    throttle.recordFailure('a@example.com', '10.0.0.1', c.now()); // t = 10
    for (let t = 15; t < 60; t += 5) {
      c.advance(5);
      expect(throttle.retryAfterSeconds('a@example.com', '10.0.0.1', c.now())).toBe(60 - t);
    }
    c.advance(5); // t = 60: the failure at 0 has left the window
    expect(throttle.retryAfterSeconds('a@example.com', '10.0.0.1', c.now())).toBe(0);
    throttle.recordFailure('a@example.com', '10.0.0.1', c.now());
    // Failures at 10 and 60: locked until 70.
    expect(throttle.retryAfterSeconds('a@example.com', '10.0.0.1', c.now())).toBe(10);
  });

  it('admits an attempt only while under the limit, counting it before its password is checked', () => {
    const c = clock();
    const throttle = new LoginThrottle({ maxPerEmail: 3 });
    const admitted = Array.from({ length: 10 }, () => throttle.admit('a@example.com', '10.0.0.1', c.now()));
    expect(admitted.filter((wait) => wait === 0)).toHaveLength(3);
    expect(admitted.slice(3).every((wait) => wait === 900)).toBe(true);
    throttle.recordSuccess('a@example.com');
    expect(throttle.admit('a@example.com', '10.0.0.1', c.now())).toBe(0);
  });

  it('counts IPv6 clients by their /64 and IPv4-mapped addresses as IPv4', () => {
    const c = clock();
    const throttle = new LoginThrottle({ maxPerIp: 2 });
    throttle.recordFailure('a@example.com', '2001:db8:1:2::1', c.now());
    throttle.recordFailure('b@example.com', '2001:db8:1:2:ffff:1:2:3', c.now());
    expect(throttle.retryAfterSeconds('c@example.com', '2001:0db8:0001:0002::99', c.now())).toBe(900);
    expect(throttle.retryAfterSeconds('c@example.com', '2001:db8:1:3::1', c.now())).toBe(0);
    expect(ipKey('::ffff:192.0.2.1')).toBe(ipKey('192.0.2.1'));
    expect(ipKey('fe80::1%eth0')).toBe('ip:fe80:0:0:0::/64');
    expect(ipKey('2001:db8::')).toBe('ip:2001:db8:0:0::/64');
  });

  it('keeps its memory bounded, forgetting expired keys first, then the longest idle', () => {
    const c = clock();
    const throttle = new LoginThrottle({ maxKeys: 10, maxPerEmail: 1, windowSeconds: 60 });
    throttle.recordFailure('old@example.com', '10.0.0.1', c.now());
    c.advance(61);
    for (let i = 0; i < 10; i++) {
      throttle.recordFailure(`u${i}@example.com`, '10.0.0.2', c.now());
      expect(throttle.size).toBeLessThanOrEqual(10);
    }
    const locked = (i: number) => throttle.retryAfterSeconds(`u${i}@example.com`, '10.0.0.3', c.now()) > 0;
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(locked)).toEqual([
      false,
      false,
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
  });

  it('refuses nonsense limits', () => {
    expect(() => new LoginThrottle({ maxPerEmail: 0 })).toThrow(
      'LoginThrottle: maxPerEmail must be a positive integer',
    );
  });
});
