import { describe, expect, it } from 'vitest';
import { api, type ApiResponse } from '../../harness/api';
import { registerUser, uniqueIp } from '../../harness/auth';

interface Cookie {
  name: string;
  value: string;
  attributes: Map<string, string>;
}

function parseSetCookies(res: ApiResponse): Map<string, Cookie> {
  const cookies = new Map<string, Cookie>();
  for (const line of res.headers.getSetCookie()) {
    const [pair, ...rest] = line.split(';').map((part) => part.trim());
    const eq = pair!.indexOf('=');
    const attributes = new Map<string, string>();
    for (const attribute of rest) {
      const [key, ...value] = attribute.split('=');
      attributes.set(key!.toLowerCase(), value.join('='));
    }
    cookies.set(pair!.slice(0, eq), { name: pair!.slice(0, eq), value: pair!.slice(eq + 1), attributes });
  }
  return cookies;
}

/** Logs in like the dashboard does and returns what the browser would keep. */
async function browserLogin() {
  const user = await registerUser();
  const res = await api('/api/v1/auth/login', {
    body: { email: user.email, password: user.password },
    headers: { 'cf-connecting-ip': uniqueIp() },
  });
  expect(res.status).toBe(200);
  const cookies = parseSetCookies(res);
  return { res, cookies, refresh: cookies.get('nexova_refresh')!.value, csrf: cookies.get('nexova_csrf')!.value };
}

const cookieHeader = (refresh: string, csrf: string) => `nexova_refresh=${refresh}; nexova_csrf=${csrf}`;

describe('browser sessions: refresh token cookie with double-submit CSRF', () => {
  it('login sets an HttpOnly, Secure, SameSite=Strict refresh cookie scoped to /api/v1/auth, and keeps the token in the body', async () => {
    const { res, cookies } = await browserLogin();
    const refresh = cookies.get('nexova_refresh')!;
    expect(refresh.value).toBe(res.body.refreshToken);
    expect(refresh.attributes.get('path')).toBe('/api/v1/auth');
    expect(refresh.attributes.has('httponly')).toBe(true);
    expect(refresh.attributes.has('secure')).toBe(true);
    expect(refresh.attributes.get('samesite')).toBe('Strict');
    expect(Number(refresh.attributes.get('max-age'))).toBe(7 * 24 * 60 * 60);

    const csrf = cookies.get('nexova_csrf')!;
    expect(csrf.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(csrf.attributes.get('path')).toBe('/');
    expect(csrf.attributes.has('httponly')).toBe(false);
    expect(csrf.attributes.has('secure')).toBe(true);
    expect(csrf.attributes.get('samesite')).toBe('Strict');
  });

  it('refresh with the cookie and a matching x-csrf-token answers a new pair and rotates both cookies', async () => {
    const { refresh, csrf } = await browserLogin();
    const res = await api('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { cookie: cookieHeader(refresh, csrf), 'x-csrf-token': csrf },
    });
    expect(res.status).toBe(200);
    expect(res.body.accessToken).toEqual(expect.any(String));
    const rotated = parseSetCookies(res);
    expect(rotated.get('nexova_refresh')!.value).toBe(res.body.refreshToken);
    expect(rotated.get('nexova_refresh')!.value).not.toBe(refresh);
    expect(rotated.get('nexova_csrf')!.value).not.toBe(csrf);

    const me = await api('/api/v1/auth/me', { token: res.body.accessToken });
    expect(me.status).toBe(200);
  });

  it('refresh with the cookie accepts an empty JSON body too', async () => {
    const { refresh, csrf } = await browserLogin();
    const res = await api('/api/v1/auth/refresh', {
      body: {},
      headers: { cookie: cookieHeader(refresh, csrf), 'x-csrf-token': csrf },
    });
    expect(res.status).toBe(200);
  });

  it('refresh with the cookie but without x-csrf-token answers 403 and does not use the token up', async () => {
    const { refresh, csrf } = await browserLogin();
    const denied = await api('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { cookie: cookieHeader(refresh, csrf) },
    });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('FORBIDDEN');
    expect(denied.body.error.message).toContain('x-csrf-token');

    const allowed = await api('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { cookie: cookieHeader(refresh, csrf), 'x-csrf-token': csrf },
    });
    expect(allowed.status).toBe(200);
  });

  it('refresh with a mismatched x-csrf-token, or with no CSRF cookie, answers 403', async () => {
    const { refresh, csrf } = await browserLogin();
    const mismatched = await api('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { cookie: cookieHeader(refresh, csrf), 'x-csrf-token': `${csrf.slice(0, -1)}x` },
    });
    expect(mismatched.status).toBe(403);
    const noCookie = await api('/api/v1/auth/refresh', {
      method: 'POST',
      headers: { cookie: `nexova_refresh=${refresh}`, 'x-csrf-token': csrf },
    });
    expect(noCookie.status).toBe(403);
  });

  it('refresh with neither body token nor cookie answers 401', async () => {
    const res = await api('/api/v1/auth/refresh', { method: 'POST' });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHORIZED');
  });

  it('a reused cookie token answers 401 and clears the session cookies', async () => {
    const { refresh, csrf } = await browserLogin();
    const headers = { cookie: cookieHeader(refresh, csrf), 'x-csrf-token': csrf };
    expect((await api('/api/v1/auth/refresh', { method: 'POST', headers })).status).toBe(200);
    const reused = await api('/api/v1/auth/refresh', { method: 'POST', headers });
    expect(reused.status).toBe(401);
    const cleared = parseSetCookies(reused);
    expect(cleared.get('nexova_refresh')!.value).toBe('');
    expect(cleared.get('nexova_refresh')!.attributes.get('max-age')).toBe('0');
    expect(cleared.get('nexova_csrf')!.attributes.get('max-age')).toBe('0');
  });

  it('the body token still works without cookies or CSRF header (API clients)', async () => {
    const { res } = await browserLogin();
    const refreshed = await api('/api/v1/auth/refresh', { body: { refreshToken: res.body.refreshToken } });
    expect(refreshed.status).toBe(200);
  });

  it('logout with the cookie and CSRF header revokes the session and clears both cookies', async () => {
    const { refresh, csrf } = await browserLogin();
    const headers = { cookie: cookieHeader(refresh, csrf), 'x-csrf-token': csrf };
    const res = await api('/api/v1/auth/logout', { method: 'POST', headers });
    expect(res.status).toBe(204);
    const cleared = parseSetCookies(res);
    expect(cleared.get('nexova_refresh')!.attributes.get('max-age')).toBe('0');
    expect(cleared.get('nexova_refresh')!.attributes.get('path')).toBe('/api/v1/auth');
    expect(cleared.get('nexova_csrf')!.attributes.get('max-age')).toBe('0');
    expect((await api('/api/v1/auth/refresh', { body: { refreshToken: refresh } })).status).toBe(401);
  });

  it('logout with the cookie but without the CSRF header answers 403 and keeps the session', async () => {
    const { refresh, csrf } = await browserLogin();
    const res = await api('/api/v1/auth/logout', { method: 'POST', headers: { cookie: cookieHeader(refresh, csrf) } });
    expect(res.status).toBe(403);
    expect((await api('/api/v1/auth/refresh', { body: { refreshToken: refresh } })).status).toBe(200);
  });

  it('logout with no token at all answers 204 and clears the cookies', async () => {
    const res = await api('/api/v1/auth/logout', { method: 'POST' });
    expect(res.status).toBe(204);
    expect(parseSetCookies(res).get('nexova_csrf')!.attributes.get('max-age')).toBe('0');
  });
});
