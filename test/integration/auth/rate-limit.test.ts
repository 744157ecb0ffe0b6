import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, fetchWithEnv } from '../../harness/api';
import { registerUser, uniqueIp } from '../../harness/auth';
import { uniqueEmail } from '../../harness/db';

const attempt = (email: string, password: string, ip: string) =>
  api('/api/v1/auth/login', { body: { email, password }, headers: { 'cf-connecting-ip': ip } });

function expectRateLimitHeaders(headers: Headers) {
  expect(headers.get('x-ratelimit-limit')).toBe('5');
  expect(headers.get('x-ratelimit-remaining')).toMatch(/^\d+$/);
  const reset = Number(headers.get('x-ratelimit-reset'));
  const nowSeconds = Date.now() / 1000;
  expect(reset).toBeGreaterThan(nowSeconds - 1);
  expect(reset).toBeLessThanOrEqual(Math.ceil(nowSeconds) + 61);
}

describe('login rate limit: 5 attempts a minute per IP and per e-mail', () => {
  // A bucket gets a token back every 12 s. On a loaded machine a test's dozen logins can take
  // longer than that, and a token refilled mid-test breaks the exact counts asserted here, so the
  // clock (the Worker's and the RateLimiter objects', same isolate) stands still during each test.
  // Refilling with time is tested with explicit times in test/integration/rate-limiter.test.ts.
  beforeEach(() => vi.setSystemTime(Date.now()));
  afterEach(() => vi.useRealTimers());

  it('lets 5 logins from one IP through (wrong passwords answer 401) and answers the 6th with 429', async () => {
    const ip = uniqueIp();
    const user = await registerUser();
    for (let i = 0; i < 5; i++) {
      // Different e-mails, so only the IP bucket is shared.
      const res = await attempt(i === 0 ? user.email : uniqueEmail(), 'wrong-password-123', ip);
      expect(res.status).toBe(401);
      expectRateLimitHeaders(res.headers);
      expect(res.headers.get('x-ratelimit-remaining')).toBe(String(4 - i));
    }
    const sixth = await attempt(user.email, user.password, ip);
    expect(sixth.status).toBe(429);
    expect(sixth.body.error.code).toBe('RATE_LIMITED');
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(sixth.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expectRateLimitHeaders(sixth.headers);
    expect(sixth.headers.get('x-ratelimit-remaining')).toBe('0');
  });

  it('limits one e-mail across different IPs: the 6th attempt answers 429', async () => {
    const user = await registerUser();
    for (let i = 0; i < 5; i++) {
      expect((await attempt(user.email, 'wrong-password-123', uniqueIp())).status).toBe(401);
    }
    const sixth = await attempt(` ${user.email.toUpperCase()} `, user.password, uniqueIp());
    expect(sixth.status).toBe(429);
    expect(sixth.headers.get('retry-after')).toMatch(/^\d+$/);
    expectRateLimitHeaders(sixth.headers);
  });

  it('a login one bucket refuses costs the other nothing: the e-mail is spent, the new IP keeps all 5', async () => {
    const user = await registerUser();
    for (let i = 0; i < 5; i++) {
      expect((await attempt(user.email, 'wrong-password-123', uniqueIp())).status).toBe(401);
    }
    const ip = uniqueIp();
    // Refused by the e-mail's bucket; the IP's bucket admitted it and must get its token back,
    // or a client waiting out one bucket's Retry-After finds the other emptied by its retries.
    for (let i = 0; i < 3; i++) expect((await attempt(user.email, user.password, ip)).status).toBe(429);
    for (let i = 0; i < 5; i++) {
      const res = await attempt(uniqueEmail(), 'wrong-password-123', ip);
      expect(res.status).toBe(401);
      expect(res.headers.get('x-ratelimit-remaining')).toBe(String(4 - i));
    }
    expect((await attempt(uniqueEmail(), 'wrong-password-123', ip)).status).toBe(429);
  });

  it('counts a successful login too and sets the headers on the 200', async () => {
    const user = await registerUser();
    const res = await attempt(user.email, user.password, uniqueIp());
    expect(res.status).toBe(200);
    expectRateLimitHeaders(res.headers);
    expect(res.headers.get('x-ratelimit-remaining')).toBe('4');
  });

  it('rejects over-limit requests before validating the body', async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 5; i++) {
      expect(
        (await api('/api/v1/auth/login', { body: { nope: true }, headers: { 'cf-connecting-ip': ip } })).status,
      ).toBe(400);
    }
    const sixth = await api('/api/v1/auth/login', { body: { nope: true }, headers: { 'cf-connecting-ip': ip } });
    expect(sixth.status).toBe(429);
  });
});

describe('when the rate limiter is unreachable', () => {
  it('refuses the login with 503 and Retry-After instead of letting it through or failing with 500', async () => {
    const broken = {
      ...env,
      RATE_LIMITER: {
        getByName: () => ({
          take: () => Promise.reject(new Error('Durable Object unavailable')),
        }),
      },
    } as unknown as typeof env;
    const res = await fetchWithEnv('/api/v1/auth/login', broken, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': uniqueIp() },
      body: JSON.stringify({ email: 'nobody@test.nexova.local', password: 'whatever-password-1' }),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('SERVICE_UNAVAILABLE');
  });
});
