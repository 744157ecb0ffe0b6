import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { api, fetchWithEnv } from '../harness/api';

const directives = (csp: string | null) =>
  Object.fromEntries(
    (csp ?? '').split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values];
    }),
  );

describe('security headers on every response', () => {
  it.each([
    ['the API (an error)', '/api/v1/auth/me'],
    ['the OpenAPI document', '/api/openapi.json'],
    ['/health', '/health'],
    ['a dashboard page', '/orders'],
  ])('%s', async (_, path) => {
    const { headers } = await api(path);
    const csp = directives(headers.get('content-security-policy'));
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['script-src']).toEqual(["'self'", expect.stringMatching(/^'nonce-[A-Za-z0-9+/]{22}==?'$/)]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['connect-src']).toEqual(["'self'", 'ws://nexova.test']);
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('referrer-policy')).toBe('same-origin');
    expect(headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(headers.get('permissions-policy')).toContain('camera=()');
    // Not outside production: browsers would pin HTTPS on a development host.
    expect(headers.get('strict-transport-security')).toBeNull();
  });

  it('each response has a nonce of its own', async () => {
    const nonce = async () => /'nonce-([^']+)'/.exec((await api('/')).headers.get('content-security-policy')!)![1];
    expect(await nonce()).not.toBe(await nonce());
  });

  it('HSTS in production, over wss for the WebSocket', async () => {
    const res = await fetchWithEnv('/health', { ...env, ENVIRONMENT: 'production' });
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    const secure = await fetchWithEnv('/health', env, undefined, 'https://app.nexova.test');
    expect(directives(secure.headers.get('content-security-policy'))['connect-src']).toEqual([
      "'self'",
      'wss://app.nexova.test',
    ]);
  });
});

describe('CORS_ORIGINS', () => {
  const SHOP = 'https://tienda.example';
  const withOrigins = { ...env, CORS_ORIGINS: `${SHOP}, https://otra.example/` };
  const from = (origin: string, init: RequestInit = {}) =>
    fetchWithEnv('/api/v1/auth/me', withOrigins, { ...init, headers: { origin, ...init.headers } });

  it('a listed origin may read the answer, with credentials', async () => {
    const res = await from(SHOP);
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-expose-headers')).toContain('x-request-id');
    expect(res.headers.get('vary')).toContain('Origin');
    expect((await from('https://otra.example')).headers.get('access-control-allow-origin')).toBe(
      'https://otra.example',
    );
  });

  it('an origin not listed gets no Access-Control-Allow-Origin', async () => {
    const res = await from('https://evil.example');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const unset = await fetchWithEnv('/api/v1/auth/me', env, { headers: { origin: SHOP } });
    expect(unset.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('a preflight is answered for a listed origin only', async () => {
    const preflight = (origin: string) =>
      from(origin, {
        method: 'OPTIONS',
        headers: {
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,x-workspace-id',
        },
      });
    const allowed = await preflight(SHOP);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('x-workspace-id');
    expect(allowed.headers.get('access-control-max-age')).toBe('600');
    const refused = await preflight('https://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });
});
