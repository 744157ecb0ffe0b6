import { env } from 'cloudflare:workers';
import { exportSPKI, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { loadSigningKeys, signAccessToken } from '../../../workers/core/auth/tokens';
import { api } from '../../harness/api';
import { loggedInUser } from '../../harness/auth';

const me = (token: string) => api('/api/v1/auth/me', { headers: { authorization: `Bearer ${token}` } });
const b64url = (value: unknown) =>
  btoa(JSON.stringify(value)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
const claims = (sub: string) => {
  const now = Math.floor(Date.now() / 1000);
  return { sub, iat: now, exp: now + 900, jti: crypto.randomUUID() };
};

describe('GET /.well-known/jwks.json', () => {
  it('publishes the current key id with public fields only, and a Cache-Control', async () => {
    const res = await api('/.well-known/jwks.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/max-age=\d+/);
    const keys = res.body.keys as JWK[];
    expect(keys.map((k) => k.kid)).toContain('test-key');
    const key = keys.find((k) => k.kid === 'test-key')!;
    expect(key).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(secret);
  });
});

describe('access token verification on GET /api/v1/auth/me', () => {
  it('accepts a token signed with the published key', async () => {
    const user = await loggedInUser();
    expect((await me(user.accessToken)).status).toBe(200);
  });

  it('refuses a token signed with another RSA key under the same kid', async () => {
    const user = await loggedInUser();
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(claims(user.id))
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key', typ: 'JWT' })
      .sign(privateKey);
    const res = await me(forged);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHORIZED');
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const user = await loggedInUser();
    const unsigned = `${b64url({ alg: 'none', kid: 'test-key', typ: 'JWT' })}.${b64url(claims(user.id))}.`;
    expect((await me(unsigned)).status).toBe(401);
  });

  it('refuses an HS256 token keyed with the public key (algorithm confusion)', async () => {
    const user = await loggedInUser();
    const jwks = (await api('/.well-known/jwks.json')).body.keys as JWK[];
    const publicKey = await importJWK(
      jwks.find((k) => k.kid === 'test-key')!,
      'RS256',
      { extractable: true },
    );
    const pem = await exportSPKI(publicKey as CryptoKey);
    const confused = await new SignJWT(claims(user.id))
      .setProtectedHeader({ alg: 'HS256', kid: 'test-key', typ: 'JWT' })
      .sign(new TextEncoder().encode(pem));
    expect((await me(confused)).status).toBe(401);
  });

  it('refuses an expired token with "Access token expired"', async () => {
    const user = await loggedInUser();
    const keys = await loadSigningKeys(env);
    const { token } = await signAccessToken(keys, user.id, new Date(Date.now() - 16 * 60 * 1000));
    const res = await me(token);
    expect(res.status).toBe(401);
    expect(res.body.error.message).toBe('Access token expired');
  });

  it('refuses a token whose payload was edited after signing', async () => {
    const user = await loggedInUser();
    const [header, , signature] = user.accessToken.split('.');
    const edited = `${header}.${b64url(claims('usr_someone_else'))}.${signature}`;
    expect((await me(edited)).status).toBe(401);
  });

  it('refuses malformed tokens and a non-Bearer scheme', async () => {
    for (const token of ['garbage', 'a.b.c', 'eyJhbGciOiJSUzI1NiJ9..', '...']) {
      expect((await me(token)).status).toBe(401);
    }
    const basic = await api('/api/v1/auth/me', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(basic.status).toBe(401);
  });

  it('refuses a valid token once its user no longer exists', async () => {
    const keys = await loadSigningKeys(env);
    const { token } = await signAccessToken(keys, 'usr_DOESNOTEXIST000000000000000');
    expect((await me(token)).status).toBe(401);
  });
});
