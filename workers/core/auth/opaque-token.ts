/** Opaque secrets handed to clients (refresh tokens, password-reset tokens): only their hash is stored. */
import { sha256Hex } from '../crypto/hash';

/** 32 random bytes, base64url without padding (43 characters). */
export function newOpaqueToken(): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/** SHA-256 of the token as lower-case hex: what the database stores and looks tokens up by. */
export async function hashOpaqueToken(token: string): Promise<string> {
  return sha256Hex(token);
}

/**
 * The refresh token that replaces `presented` as row `successorId`: HMAC-SHA256 keyed by the
 * presented token over the successor's id, base64url (43 characters, like a random one).
 * Deterministic, so a client whose refresh answer was lost gets the same successor again (the
 * reuse grace); unguessable without both the presented token (never stored) and the successor's
 * row id (never leaves the server).
 */
export async function successorToken(presented: string, successorId: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(presented),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return base64Url(await crypto.subtle.sign('HMAC', key, encoder.encode(`nexova.refresh-successor.${successorId}`)));
}

function base64Url(bytes: ArrayBuffer | Uint8Array): string {
  let binary = '';
  for (const byte of new Uint8Array(bytes)) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}
