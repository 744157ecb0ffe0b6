/**
 * Secrets we must be able to read back (Infobip API keys, webhook secrets) are stored encrypted
 * with AES-256-GCM under `ENCRYPTION_KEY` (a Worker secret: 32 random bytes, base64). A stored
 * value reads `v1.<iv>.<ciphertext+tag>` (base64url), so a future key can be introduced as `v2`.
 */

const VERSION = 'v1';
// Resolved keys only: a pending import promise must not be shared between requests (workerd
// refuses to settle one request's promise from another's I/O context).
const keyCache = new Map<string, CryptoKey>();

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The AES-GCM key of `ENCRYPTION_KEY`; throws when it is missing or not 32 bytes. */
async function importKey(encoded: string | undefined): Promise<CryptoKey> {
  if (!encoded) throw new Error('ENCRYPTION_KEY is not set (32 random bytes, base64)');
  const cached = keyCache.get(encoded);
  if (cached) return cached;
  const raw = fromBase64(encoded.trim());
  if (raw.length !== 32) throw new Error(`ENCRYPTION_KEY must decode to 32 bytes, got ${raw.length}`);
  const key = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
  keyCache.set(encoded, key);
  return key;
}

/** Encrypts `plaintext` with a fresh 96-bit IV. Two encryptions of one value differ. */
export async function encryptSecret(encryptionKey: string | undefined, plaintext: string): Promise<string> {
  const key = await importKey(encryptionKey);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, new TextEncoder().encode(plaintext));
  return `${VERSION}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(sealed))}`;
}

/** Decrypts a value written by `encryptSecret`; throws when it was tampered with or the key differs. */
export async function decryptSecret(encryptionKey: string | undefined, stored: string): Promise<string> {
  const [version, iv, sealed] = stored.split('.');
  if (version !== VERSION || !iv || !sealed) throw new Error('not an encrypted secret');
  const key = await importKey(encryptionKey);
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64(iv) }, key, fromBase64(sealed));
  return new TextDecoder().decode(plain);
}

/** The last 4 characters, what the API shows of a secret. */
export function lastFour(secret: string): string {
  return secret.slice(-4);
}

/** A new random secret: 32 bytes, base64url (43 characters). */
export function newSecret(bytes = 32): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** Compares two strings in time independent of where they differ (lengths are not secret). */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  let diff = left.length ^ right.length;
  const length = Math.max(left.length, right.length);
  for (let i = 0; i < length; i++) diff |= (left[i] ?? 0) ^ (right[i] ?? 0);
  return diff === 0;
}
