/** Opaque secrets handed to clients (refresh tokens, password-reset tokens): only their hash is stored. */
import { sha256Hex } from '../crypto/hash';

/** 32 random bytes, base64url without padding (43 characters). */
export function newOpaqueToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** SHA-256 of the token as lower-case hex: what the database stores and looks tokens up by. */
export async function hashOpaqueToken(token: string): Promise<string> {
  return sha256Hex(token);
}
