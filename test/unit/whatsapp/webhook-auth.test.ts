import { describe, expect, it } from 'vitest';
import {
  constantTimeEqual,
  decryptSecret,
  encryptSecret,
  lastFour,
  newSecret,
} from '../../../workers/core/crypto/secrets';
import {
  allowsUnauthenticated,
  basicAuthorization,
  hmacSha256Hex,
  verifyBasic,
  verifyHmac,
  type WebhookAuthConfig,
} from '../../../workers/whatsapp/infobip/webhook-auth';

const KEY = btoa(String.fromCharCode(...Array.from({ length: 32 }, (_, i) => i)));
const config: WebhookAuthConfig = {
  mode: 'HMAC',
  basicUsername: 'nexova-abc',
  secret: 'the-webhook-secret',
  hmacHeader: 'X-Hub-Signature-256',
  environment: 'production',
};
const bytes = (text: string) => new TextEncoder().encode(text);

describe('secrets at rest (AES-256-GCM)', () => {
  it('round-trips, and two encryptions of one value differ and never contain it', async () => {
    const a = await encryptSecret(KEY, 'App-key-0123456789');
    const b = await encryptSecret(KEY, 'App-key-0123456789');
    expect(a).not.toBe(b);
    expect(a).not.toContain('App-key');
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]+$/);
    expect(await decryptSecret(KEY, a)).toBe('App-key-0123456789');
  });

  it('refuses a tampered value or another key', async () => {
    const sealed = await encryptSecret(KEY, 'secret');
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}A`;
    await expect(decryptSecret(KEY, tampered)).rejects.toThrow();
    const other = btoa(String.fromCharCode(...Array.from({ length: 32 }, () => 7)));
    await expect(decryptSecret(other, sealed)).rejects.toThrow();
  });

  it('refuses a missing or short key', async () => {
    await expect(encryptSecret(undefined, 'x')).rejects.toThrow('ENCRYPTION_KEY is not set');
    await expect(encryptSecret(btoa('short'), 'x')).rejects.toThrow('32 bytes');
  });

  it('shows only the last 4 characters and makes long random secrets', () => {
    expect(lastFour('abcdefgh')).toBe('efgh');
    expect(newSecret()).toMatch(/^[\w-]{43}$/);
    expect(newSecret()).not.toBe(newSecret());
  });

  it('compares strings without short-circuiting on the first difference', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', '')).toBe(true);
  });
});

describe('webhook authentication', () => {
  it('HMAC: accepts sha256=<hex> of the raw body (prefix optional), refuses anything else', async () => {
    const body = '{"results":[]}';
    const good = await hmacSha256Hex(config.secret, body);
    expect(good).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifyHmac(config, `sha256=${good}`, bytes(body))).toBe(true);
    expect(await verifyHmac(config, good.toUpperCase(), bytes(body))).toBe(true);
    expect(await verifyHmac(config, `sha256=${good}`, bytes(`${body} `))).toBe(false);
    expect(await verifyHmac(config, `sha256=${await hmacSha256Hex('other', body)}`, bytes(body))).toBe(false);
    expect(await verifyHmac(config, undefined, bytes(body))).toBe(false);
    expect(await verifyHmac(config, 'sha256=zz', bytes(body))).toBe(false);
  });

  it('Basic: the connection’s username and secret, nothing else', () => {
    expect(verifyBasic(config, basicAuthorization('nexova-abc', 'the-webhook-secret'))).toBe(true);
    expect(verifyBasic(config, basicAuthorization('nexova-abc', 'wrong'))).toBe(false);
    expect(verifyBasic(config, basicAuthorization('someone', 'the-webhook-secret'))).toBe(false);
    expect(verifyBasic(config, 'Bearer x')).toBe(false);
    expect(verifyBasic(config, 'Basic !!!')).toBe(false);
    expect(verifyBasic(config, undefined)).toBe(false);
  });

  it('NONE is honoured only outside production', () => {
    expect(allowsUnauthenticated({ mode: 'NONE', environment: 'development' })).toBe(true);
    expect(allowsUnauthenticated({ mode: 'NONE', environment: 'test' })).toBe(true);
    expect(allowsUnauthenticated({ mode: 'NONE', environment: 'production' })).toBe(false);
    expect(allowsUnauthenticated({ mode: 'HMAC', environment: 'development' })).toBe(false);
  });
});
