import { runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  FORGOT_PASSWORD_RATE_LIMIT,
  GLOBAL_RATE_LIMIT,
  REFRESH_RATE_LIMIT_PER_FAMILY,
  REGISTER_RATE_LIMIT,
  RESET_PASSWORD_RATE_LIMIT,
  WEBHOOK_FAILURE_RATE_LIMIT,
} from '../../workers/core/ratelimit/limits';
import type { RateLimiter } from '../../durable-objects/rate-limiter';
import type { BucketRule } from '../../workers/core/ratelimit/check';
import { LocalFirstLimiter } from '../../workers/core/ratelimit/local-first';
import { refreshFamilyOf } from '../../workers/core/auth/sessions';
import { sha256Hex } from '../../workers/core/crypto/hash';
import { api, fetchWithEnv, uniqueIp, type ApiResponse } from '../harness/api';
import { GOOD_PASSWORD, loggedInUser } from '../harness/auth';
import { testDb, uniqueEmail } from '../harness/db';
import { seedTenants, type Tenants } from '../harness/tenants';
import { batch, copy, createConnection, fixtures, inboundResult, postWebhook } from '../harness/whatsapp';

/**
 * Spends a whole bucket, as that many earlier requests would have — dated 10 s ahead, so no token
 * refills while a slow machine gets to the request under test (1000 a minute is one every 60 ms).
 */
const spend = (key: string, rule: { capacity: number; refillMs: number }) =>
  env.RATE_LIMITER.getByName(key).take(rule, rule.capacity, Date.now() + 10_000);

function expectRefused(res: ApiResponse, limit: number) {
  expect(res.status).toBe(429);
  expect(res.body.error).toMatchObject({ code: 'RATE_LIMITED', requestId: expect.any(String) });
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(res.headers.get('x-ratelimit-limit')).toBe(String(limit));
  expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
}

describe('global limit: 1000 requests a minute per IP, on every route', () => {
  it('admits 1000 requests in one instant from one IP and refuses the 1001st, exactly', async () => {
    const limiter = new LocalFirstLimiter();
    const now = Date.now();
    const background: Promise<unknown>[] = [];
    const key = `test:global:${uniqueIp()}`;
    const answers = Array.from({ length: 1001 }, () =>
      limiter.take(env.RATE_LIMITER, key, GLOBAL_RATE_LIMIT, (work) => background.push(work), now),
    );
    expect(answers.filter((a) => a.allowed)).toHaveLength(1000);
    expect(answers[999]).toMatchObject({ allowed: true, remaining: 0 });
    expect(answers[1000]).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 1 });
    await Promise.all(background);
  });

  it('answers 429 once an IP has spent its 1000 (plus what refilled meanwhile), while other IPs go on', async () => {
    const ip = uniqueIp();
    const from = { headers: { 'cf-connecting-ip': ip } };
    const started = Date.now();
    const first = await api('/health', from);
    expect(first.headers.get('x-ratelimit-limit')).toBe('1000');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('999');
    let admitted = 1;
    let refused: ApiResponse | undefined;
    while (!refused && admitted <= 2000) {
      const res = await api('/health', from);
      if (res.status === 200) admitted++;
      else refused = res;
    }
    // A token bucket: 1000 at once, then one more every 60 ms of the time the loop took.
    expect(admitted).toBeGreaterThanOrEqual(1000);
    expect(admitted).toBeLessThanOrEqual(1000 + Math.ceil((Date.now() - started) / 60) + 1);
    expectRefused(refused!, 1000);

    const other = await api('/health', { headers: { 'cf-connecting-ip': uniqueIp() } });
    expect(other.status).toBe(200);
    expect(other.headers.get('x-ratelimit-remaining')).toBe('999');
  });

  it('covers every route: API, auth and dashboard pages of an IP spent elsewhere (another isolate) answer 429', async () => {
    const ip = uniqueIp();
    await spend(`global:ip:${ip}`, GLOBAL_RATE_LIMIT);
    const from = { headers: { 'cf-connecting-ip': ip } };
    // This isolate has not seen the IP, so its first request passes on the local count; the
    // shared object refuses it in the background, and the isolate then refuses the IP.
    await vi.waitFor(async () => expect((await api('/health', from)).status).toBe(429), {
      timeout: 10_000,
      interval: 20,
    });
    expectRefused(await api('/api/v1/products', from), 1000);
    expectRefused(await api('/api/v1/auth/login', { ...from, body: { email: 'a@b.c', password: 'x' } }), 1000);
    expectRefused(await api('/login', from), 1000);
  });

  it('puts the limit headers on dashboard pages', async () => {
    // The tests' stand-in for the dashboard build answers its pages 503 (test/harness/dashboard-build-stub.ts).
    const page = await api('/login');
    expect(page.headers.get('x-dashboard-stub')).toBe('1');
    expect(page.headers.get('x-ratelimit-limit')).toBe('1000');
    expect(page.headers.get('x-ratelimit-remaining')).toBe('999');
  });
});

describe('API limit per authenticated user', () => {
  const me = (token: string, apiRateLimit: string) =>
    fetchWithEnv(
      '/api/v1/auth/me',
      { ...env, API_RATE_LIMIT_PER_MINUTE: apiRateLimit },
      {
        headers: { authorization: `Bearer ${token}`, 'cf-connecting-ip': uniqueIp() },
      },
    );

  it('counts a user across IPs: past API_RATE_LIMIT_PER_MINUTE it answers 429; another user goes on', async () => {
    const [user, other] = await Promise.all([loggedInUser(), loggedInUser()]);
    for (let i = 0; i < 3; i++) {
      const res = await me(user.accessToken, '3');
      expect(res.status).toBe(200);
      expect(res.headers.get('x-ratelimit-limit')).toBe('3');
      expect(res.headers.get('x-ratelimit-remaining')).toBe(String(2 - i));
    }
    const refused = await me(user.accessToken, '3');
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(20);
    expect((await me(other.accessToken, '3')).status).toBe(200);
  });

  it('defaults to 600 a minute', async () => {
    const user = await loggedInUser();
    const res = await fetchWithEnv(
      '/api/v1/auth/me',
      { ...env, API_RATE_LIMIT_PER_MINUTE: undefined },
      {
        headers: { authorization: `Bearer ${user.accessToken}`, 'cf-connecting-ip': uniqueIp() },
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-limit')).toBe('600');
  });
});

describe('account routes: per IP and per e-mail, token or session', () => {
  it('register: 10 a minute per IP, then 429 before the body is checked', async () => {
    const ip = uniqueIp();
    await spend(`register:ip:${ip}`, REGISTER_RATE_LIMIT);
    const body = { email: uniqueEmail(), password: GOOD_PASSWORD, firstName: 'Ana', lastName: 'Paz' };
    expectRefused(await api('/api/v1/auth/register', { body, headers: { 'cf-connecting-ip': ip } }), 10);
  });

  it('register: per e-mail across IPs; a refused attempt costs the IP nothing', async () => {
    const email = uniqueEmail();
    await spend(`register:email:${email}`, REGISTER_RATE_LIMIT);
    const ip = uniqueIp();
    const body = { email: email.toUpperCase(), password: GOOD_PASSWORD, firstName: 'Ana', lastName: 'Paz' };
    expectRefused(await api('/api/v1/auth/register', { body, headers: { 'cf-connecting-ip': ip } }), 10);
    const fresh = { ...body, email: uniqueEmail() };
    const created = await api('/api/v1/auth/register', { body: fresh, headers: { 'cf-connecting-ip': ip } });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-ratelimit-remaining')).toBe('9');
  });

  it('forgot-password: 5 a minute per IP; the 6th answers 429', async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 5; i++) {
      const res = await api('/api/v1/auth/forgot-password', {
        body: { email: uniqueEmail() },
        headers: { 'cf-connecting-ip': ip },
      });
      expect(res.status).toBe(202);
    }
    const sixth = await api('/api/v1/auth/forgot-password', {
      body: { email: uniqueEmail() },
      headers: { 'cf-connecting-ip': ip },
    });
    expectRefused(sixth, FORGOT_PASSWORD_RATE_LIMIT.capacity);
  });

  it('forgot-password: per e-mail, whatever the IP', async () => {
    const email = uniqueEmail();
    await spend(`forgot-password:email:${email}`, FORGOT_PASSWORD_RATE_LIMIT);
    expectRefused(await api('/api/v1/auth/forgot-password', { body: { email } }), 5);
  });

  it('reset-password: per token (by its hash), whatever the IP', async () => {
    const token = `reset-${crypto.randomUUID()}`;
    await spend(`reset-password:token:${await sha256Hex(token)}`, RESET_PASSWORD_RATE_LIMIT);
    expectRefused(await api('/api/v1/auth/reset-password', { body: { token, password: GOOD_PASSWORD } }), 5);
    const other = await api('/api/v1/auth/reset-password', {
      body: { token: `reset-${crypto.randomUUID()}`, password: GOOD_PASSWORD },
    });
    expect(other.status).toBe(400);
  });

  it('refresh: per session (token family), whatever the IP', async () => {
    const user = await loggedInUser();
    const family = await refreshFamilyOf(testDb(), user.refreshToken);
    await spend(`refresh:family:${family}`, REFRESH_RATE_LIMIT_PER_FAMILY);
    expectRefused(await api('/api/v1/auth/refresh', { body: { refreshToken: user.refreshToken } }), 30);
    // The refused call used nothing up: once the bucket refills, the token still works.
    await env.RATE_LIMITER.getByName(`refresh:family:${family}`).refund(REFRESH_RATE_LIMIT_PER_FAMILY, 30);
    expect((await api('/api/v1/auth/refresh', { body: { refreshToken: user.refreshToken } })).status).toBe(200);
  });
});

describe('webhook: failures count per IP, the connection only for authenticated requests', () => {
  let t: Tenants;
  beforeAll(async () => {
    t = await seedTenants();
  });
  const connect = () => createConnection({ token: t.a.owner.token, workspaceId: t.a.id }, { webhookAuth: 'HMAC' });
  const remaining = async (key: string, rule: BucketRule) =>
    (await env.RATE_LIMITER.getByName(key).peek(rule)).remaining;
  /** The bucket a limiter object holds (its tokens as of its last take or refund). */
  const stored = (key: string) =>
    runInDurableObject(env.RATE_LIMITER.getByName(key) as unknown as DurableObjectStub<RateLimiter>, (_, state) =>
      state.storage.get<{ tokens: number }>('bucket'),
    );

  it("unauthenticated requests never spend the connection's quota", async () => {
    const connection = await connect();
    const ip = uniqueIp();
    const body = batch(copy(fixtures.seenReport.results[0]!));
    for (let i = 0; i < 3; i++) {
      expect(
        (await postWebhook(connection, body, { auth: 'bad-hmac', headers: { 'cf-connecting-ip': ip } })).status,
      ).toBe(401);
    }
    // Taken while the body was read, given back when the signature failed: still full.
    expect((await stored(`webhook:connection:${connection.id}`))?.tokens).toBe(1000);
    expect(await remaining(`webhook-failures:ip:${ip}`, WEBHOOK_FAILURE_RATE_LIMIT)).toBe(27);
    const good = await postWebhook(connection, body, { headers: { 'cf-connecting-ip': ip } });
    expect(good.status).toBe(200);
    expect((await stored(`webhook:connection:${connection.id}`))?.tokens).toBe(999);
  });

  it('an IP past 30 failures a minute gets 429 for unknown connections and bad credentials, not for good ones', async () => {
    const connection = await connect();
    const ip = uniqueIp();
    await spend(`webhook-failures:ip:${ip}`, WEBHOOK_FAILURE_RATE_LIMIT);
    const from = { 'cf-connecting-ip': ip };
    const unknown = await api('/api/v1/webhooks/infobip/con_00000000000000000000000000', {
      method: 'POST',
      body: batch(copy(fixtures.seenReport.results[0]!)),
      headers: from,
    });
    expectRefused(unknown, 30);
    const body = batch(inboundResult(fixtures.inboundText));
    expectRefused(await postWebhook(connection, body, { auth: 'bad-hmac', headers: from }), 30);
    // Infobip posts every shop's webhooks from a few addresses: one shop's failures must not stop another's.
    expect((await postWebhook(connection, body, { headers: from })).status).toBe(200);
  });
});
