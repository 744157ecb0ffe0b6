import {
  exportJWK,
  importJWK,
  importPKCS8,
  jwtVerify,
  SignJWT,
  errors,
  type JWK,
  type CryptoKey as JoseKey,
} from 'jose';

/** Access tokens live 15 minutes (plan 0.3). */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const ALG = 'RS256';

export interface SigningKeys {
  kid: string;
  privateKey: JoseKey;
  /** Public keys accepted for verification, by `kid`: the current one first, then rotated-out ones. */
  publicKeys: Map<string, JoseKey>;
  /** The JWKS document served at `/.well-known/jwks.json`. */
  jwks: { keys: JWK[] };
}

export interface KeyConfig {
  JWT_PRIVATE_KEY: string;
  JWT_KEY_ID?: string;
  JWT_PREVIOUS_PUBLIC_KEYS?: string;
}

const PRIVATE_FIELDS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth'] as const;

const cache = new Map<string, Promise<SigningKeys>>();

/**
 * Loads the RS256 key pair from the `JWT_PRIVATE_KEY` secret (PKCS#8 PEM or private JWK),
 * once per isolate. Rotated-out public keys in `JWT_PREVIOUS_PUBLIC_KEYS` stay verifiable.
 */
export function loadSigningKeys(config: KeyConfig): Promise<SigningKeys> {
  const cacheKey = `${config.JWT_KEY_ID ?? ''}|${config.JWT_PRIVATE_KEY}|${config.JWT_PREVIOUS_PUBLIC_KEYS ?? ''}`;
  let keys = cache.get(cacheKey);
  if (!keys) {
    keys = buildKeys(config);
    cache.set(cacheKey, keys);
    keys.catch(() => cache.delete(cacheKey));
  }
  return keys;
}

async function buildKeys(config: KeyConfig): Promise<SigningKeys> {
  if (!config.JWT_PRIVATE_KEY) throw new Error('JWT_PRIVATE_KEY is not configured');
  const raw = config.JWT_PRIVATE_KEY.trim().replaceAll('\\n', '\n');
  const privateKey = raw.startsWith('{')
    ? ((await importJWK(JSON.parse(raw) as JWK, ALG, { extractable: true })) as JoseKey)
    : await importPKCS8(raw, ALG, { extractable: true });
  const fullJwk = await exportJWK(privateKey);
  const publicJwk: JWK = { ...fullJwk };
  for (const field of PRIVATE_FIELDS) delete publicJwk[field];
  const kid =
    config.JWT_KEY_ID || (raw.startsWith('{') && (JSON.parse(raw) as JWK).kid) || (await thumbprint(publicJwk));
  const current: JWK = { ...publicJwk, kid, alg: ALG, use: 'sig' };
  const previous: JWK[] = config.JWT_PREVIOUS_PUBLIC_KEYS ? (JSON.parse(config.JWT_PREVIOUS_PUBLIC_KEYS) as JWK[]) : [];
  const publicKeys = new Map<string, JoseKey>();
  publicKeys.set(kid, (await importJWK(current, ALG)) as JoseKey);
  for (const jwk of previous) {
    if (jwk.kid && !publicKeys.has(jwk.kid))
      publicKeys.set(jwk.kid, (await importJWK({ ...jwk, alg: ALG }, ALG)) as JoseKey);
  }
  return {
    kid,
    privateKey,
    publicKeys,
    jwks: { keys: [current, ...previous.map((k) => ({ ...k, alg: ALG, use: 'sig' }))] },
  };
}

async function thumbprint(jwk: JWK): Promise<string> {
  const { calculateJwkThumbprint } = await import('jose');
  return calculateJwkThumbprint(jwk, 'sha256');
}

export interface AccessToken {
  token: string;
  jti: string;
  expiresIn: number;
}

/** Signs a 15-minute RS256 access token with `sub`, `iat`, `exp`, `jti` and `kid` in the header. */
export async function signAccessToken(keys: SigningKeys, userId: string, now: Date = new Date()): Promise<AccessToken> {
  const jti = crypto.randomUUID();
  const iat = Math.floor(now.getTime() / 1000);
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: ALG, kid: keys.kid, typ: 'JWT' })
    .setSubject(userId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_TTL_SECONDS)
    .setJti(jti)
    .sign(keys.privateKey);
  return { token, jti, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
}

/** The verification key named by a token's `kid` (current or rotated-out); an unknown `kid` fails. */
function keyOf(keys: SigningKeys) {
  return (header: { kid?: string }): JoseKey => {
    const key = header.kid ? keys.publicKeys.get(header.kid) : undefined;
    if (!key) throw new errors.JWKSNoMatchingKey();
    return key;
  };
}

export type VerifyResult = { ok: true; userId: string; jti: string } | { ok: false; reason: 'expired' | 'invalid' };

/**
 * Verifies an access token: RS256 only (so `alg: none` and HS256 are refused), a known `kid`,
 * a valid signature, not expired, with `sub` and `jti`. Never throws.
 */
export async function verifyAccessToken(keys: SigningKeys, token: string): Promise<VerifyResult> {
  try {
    const { payload } = await jwtVerify(token, keyOf(keys), {
      algorithms: [ALG],
      requiredClaims: ['sub', 'iat', 'exp', 'jti'],
    });
    if (typeof payload.sub !== 'string' || typeof payload.jti !== 'string') return { ok: false, reason: 'invalid' };
    // Access tokens carry no audience; a token with one (a realtime ticket) is not an access token.
    if (payload.aud !== undefined) return { ok: false, reason: 'invalid' };
    return { ok: true, userId: payload.sub, jti: payload.jti };
  } catch (error) {
    return { ok: false, reason: error instanceof errors.JWTExpired ? 'expired' : 'invalid' };
  }
}

/** The audience of realtime tickets: they open the workspace WebSocket and nothing else. */
export const REALTIME_TOKEN_AUDIENCE = 'realtime';

export interface RealtimeToken {
  token: string;
  expiresIn: number;
}

/**
 * Signs a realtime ticket: RS256 with the access-token keys, `aud: "realtime"`, `sub` the user,
 * `wid` the workspace, valid `ttlSeconds` (60 in `REALTIME_TOKEN_TTL_SECONDS`). It has no `jti`
 * and an audience, so `verifyAccessToken` refuses it; `verifyRealtimeToken` refuses access tokens.
 */
export async function signRealtimeToken(
  keys: SigningKeys,
  { userId, workspaceId, ttlSeconds }: { userId: string; workspaceId: string; ttlSeconds: number },
  now: Date = new Date(),
): Promise<RealtimeToken> {
  const iat = Math.floor(now.getTime() / 1000);
  const token = await new SignJWT({ wid: workspaceId })
    .setProtectedHeader({ alg: ALG, kid: keys.kid, typ: 'JWT' })
    .setSubject(userId)
    .setAudience(REALTIME_TOKEN_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(keys.privateKey);
  return { token, expiresIn: ttlSeconds };
}

export type RealtimeVerifyResult =
  { ok: true; userId: string; workspaceId: string } | { ok: false; reason: 'expired' | 'invalid' };

/**
 * Verifies a realtime ticket: RS256, a known `kid`, a valid signature, not expired, audience
 * `realtime`, with `sub` and `wid`. An access token (no audience) is invalid here. Never throws.
 */
export async function verifyRealtimeToken(keys: SigningKeys, token: string): Promise<RealtimeVerifyResult> {
  try {
    const { payload } = await jwtVerify(token, keyOf(keys), {
      algorithms: [ALG],
      audience: REALTIME_TOKEN_AUDIENCE,
      requiredClaims: ['sub', 'iat', 'exp', 'aud'],
    });
    if (typeof payload.sub !== 'string' || typeof payload.wid !== 'string' || !payload.wid) {
      return { ok: false, reason: 'invalid' };
    }
    return { ok: true, userId: payload.sub, workspaceId: payload.wid };
  } catch (error) {
    return { ok: false, reason: error instanceof errors.JWTExpired ? 'expired' : 'invalid' };
  }
}
