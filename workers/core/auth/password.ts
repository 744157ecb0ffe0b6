import { argon2id } from '@noble/hashes/argon2.js';

/**
 * Password hashing: Argon2id in pure JS (Workers allow neither native addons nor runtime WASM
 * compilation) with the OWASP parameters m = 19 MiB, t = 2, p = 1, stored as a PHC string.
 * Runs in workerd and in Node (the seed script imports `hashPassword` through tsx).
 */
export const ARGON2_PARAMS = { m: 19_456, t: 2, p: 1 } as const;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
const VERSION = 19;

/** Upper bounds for parameters read back from a stored hash, so a bad row cannot exhaust the isolate. */
const MAX_PARAMS = { m: 65_536, t: 10, p: 4 } as const;

const PHC = /^\$argon2id\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

// One Argon2 run costs ~0.3 s of CPU and 19 MiB: run them one at a time per isolate, so a
// burst of logins queues instead of multiplying memory and stalling every request at once.
let queue: Promise<unknown> = Promise.resolve();
function serialised<T>(work: () => T): Promise<T> {
  const run = queue.then(work, work);
  queue = run.catch(() => undefined);
  return run;
}

/**
 * Hashes a password with Argon2id and a fresh 16-byte salt:
 * `$argon2id$v=19$m=19456,t=2,p=1$<b64 salt>$<b64 hash>` (standard base64, no padding).
 * The password is NFKC-normalised first (NIST SP 800-63B §5.1.1.2), so the same characters
 * typed on different keyboards verify.
 */
export function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  return serialised(() => {
    const hash = derive(password, salt, { ...ARGON2_PARAMS, dkLen: HASH_BYTES });
    const { m, t, p } = ARGON2_PARAMS;
    return `$argon2id$v=${VERSION}$m=${m},t=${t},p=${p}$${toBase64(salt)}$${toBase64(hash)}`;
  });
}

/**
 * True when `password` matches the PHC string, compared in constant time. A malformed,
 * tampered or unsupported PHC string answers false; it never throws.
 */
export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  const parsed = parsePhc(phc);
  if (!parsed) return false;
  try {
    const actual = await serialised(() =>
      derive(password, parsed.salt, { ...parsed.params, dkLen: parsed.hash.length }),
    );
    return constantTimeEqual(actual, parsed.hash);
  } catch {
    return false;
  }
}

interface ParsedPhc {
  params: { m: number; t: number; p: number };
  salt: Uint8Array;
  hash: Uint8Array;
}

function parsePhc(phc: string): ParsedPhc | null {
  const match = PHC.exec(phc);
  if (!match) return null;
  const [, version, m, t, p, salt, hash] = match;
  const params = { m: Number(m), t: Number(t), p: Number(p) };
  if (Number(version) !== VERSION) return null;
  if (params.t < 1 || params.t > MAX_PARAMS.t || params.p < 1 || params.p > MAX_PARAMS.p) return null;
  if (params.m < 8 * params.p || params.m > MAX_PARAMS.m) return null;
  const saltBytes = fromBase64(salt!);
  const hashBytes = fromBase64(hash!);
  if (!saltBytes || !hashBytes || saltBytes.length < 8 || hashBytes.length < 16 || hashBytes.length > 64) return null;
  return { params, salt: saltBytes, hash: hashBytes };
}

function derive(password: string, salt: Uint8Array, opts: { m: number; t: number; p: number; dkLen: number }) {
  return argon2id(new TextEncoder().encode(password.normalize('NFKC')), salt, opts);
}

/** Compares every byte whatever the first difference, so timing does not reveal a prefix. */
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/=+$/, '');
}

function fromBase64(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  try {
    const binary = atob(text.padEnd(Math.ceil(text.length / 4) * 4, '='));
    return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}
