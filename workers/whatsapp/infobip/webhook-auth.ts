/**
 * Authentication of Infobip webhooks, per connection: HTTP Basic with the connection's username
 * and secret, or an HMAC-SHA256 of the raw body keyed with the secret (`sha256=<hex>` in the
 * connection's header, `X-Hub-Signature-256` by default). Both compare in constant time. NONE
 * accepts anything and exists only outside production.
 */
import { constantTimeEqual } from '../../core/crypto/secrets';
import type { Environment } from '../../core/bindings';
import type { WebhookAuthMode } from '../connections';
import { toHex } from '../../core/crypto/hash';

export interface WebhookAuthConfig {
  mode: WebhookAuthMode;
  basicUsername: string;
  secret: string;
  hmacHeader: string;
  environment: Environment;
}

/** HMAC-SHA256 of `body` keyed with `secret`, lower-case hex. */
export async function hmacSha256Hex(secret: string, body: Uint8Array<ArrayBuffer> | string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  const mac = await crypto.subtle.sign('HMAC', key, bytes);
  return toHex(mac);
}

/** The `Authorization` value Infobip sends for a Basic subscription. */
export function basicAuthorization(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
}

/** Basic credentials check; it needs no body, so it runs before the body is read. */
export function verifyBasic(config: WebhookAuthConfig, authorization: string | undefined): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
  if (!match) return false;
  let decoded: string;
  try {
    decoded = new TextDecoder().decode(Uint8Array.from(atob(match[1]!), (ch) => ch.charCodeAt(0)));
  } catch {
    return false;
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  // Both halves are compared every time, so the answer's timing says nothing about which one failed.
  const userOk = constantTimeEqual(decoded.slice(0, colon), config.basicUsername);
  const passwordOk = constantTimeEqual(decoded.slice(colon + 1), config.secret);
  return userOk && passwordOk;
}

/** HMAC check of the raw body against the connection's signature header (`sha256=` prefix optional). */
export async function verifyHmac(
  config: WebhookAuthConfig,
  signature: string | undefined,
  rawBody: Uint8Array<ArrayBuffer>,
): Promise<boolean> {
  const given = signature
    ?.trim()
    .replace(/^sha256=/i, '')
    .toLowerCase();
  if (!given || !/^[0-9a-f]{64}$/.test(given)) return false;
  return constantTimeEqual(given, await hmacSha256Hex(config.secret, rawBody));
}

/** NONE is honoured only outside production, whatever the stored row says. */
export function allowsUnauthenticated(config: Pick<WebhookAuthConfig, 'mode' | 'environment'>): boolean {
  return config.mode === 'NONE' && config.environment !== 'production';
}
