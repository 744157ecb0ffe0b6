import { argon2id } from '@noble/hashes/argon2.js';

/**
 * Password hashing: Argon2id in pure JS (Workers allow neither native addons nor runtime WASM
 * compilation) with the OWASP parameters m = 19 MiB, t = 2, p = 1, stored as a PHC string.
 * Runs in workerd and in Node (the seed script imports `hashPassword` through tsx).
 */
export const ARGON2_PARAMS = { m: 19_456, t: 2, p: 1 } as const;
type Argon2Params = { m: number; t: number; p: number };
const SALT_BYTES = 16;
const HASH_BYTES = 32;
const VERSION = 19;

/** Upper bounds for parameters read back from a stored hash, so a bad row cannot exhaust the isolate. */
const MAX_PARAMS = { m: 65_536, t: 10, p: 4 } as const;

const PHC = /^\$argon2id\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/**
 * Parameters of new hashes: the OWASP ones, except in a test run that asks for a lower cost
 * (`ARGON2_TEST_PARAMS`, e.g. "m=64,t=1,p=1"), so suites that register and log in hundreds of
 * users do not spend their time hashing. Production never reads that variable: only
 * `ENVIRONMENT` "test" does. Verification always uses the parameters stored in the hash.
 */
let hashParams: Argon2Params = ARGON2_PARAMS;
/** A hash with the OWASP parameters for `unknownUserHash`; its password is not secret, nobody has it. */
const UNKNOWN_USER_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$4N0CLMNDlaBgDcQKU5DZEA$v6uXomErjlpqxBeZpAKNcNcXAOWZyK0S/Ixs/C9OtLI';
/** The same made with a test run's lower cost, once needed. */
let unknownUserTestHash: Promise<string> | undefined;

/** Called by the Worker entry with its bindings: picks the parameters of new hashes (see above). */
export function configurePasswordHashing(env: { ENVIRONMENT: string; ARGON2_TEST_PARAMS?: string }) {
  const wanted = (env.ENVIRONMENT === 'test' && parseParams(env.ARGON2_TEST_PARAMS)) || ARGON2_PARAMS;
  if (wanted.m === hashParams.m && wanted.t === hashParams.t && wanted.p === hashParams.p) return;
  hashParams = wanted;
  unknownUserTestHash = undefined;
}

function parseParams(text: string | undefined): Argon2Params | null {
  const match = /^m=(\d+),t=(\d+),p=(\d+)$/.exec(text ?? '');
  if (!match) return null;
  const params = { m: Number(match[1]), t: Number(match[2]), p: Number(match[3]) };
  return withinBounds(params) ? params : null;
}

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
    const { m, t, p } = hashParams;
    const hash = derive(password, salt, { m, t, p, dkLen: HASH_BYTES });
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

/**
 * The hash a login for an unknown e-mail is verified against, so it costs what a known one does:
 * made with the parameters of new hashes (a test run's lower cost included).
 */
export function unknownUserHash(): Promise<string> {
  if (hashParams === ARGON2_PARAMS) return Promise.resolve(UNKNOWN_USER_HASH);
  unknownUserTestHash ??= hashPassword(crypto.randomUUID());
  return unknownUserTestHash;
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
  if (!withinBounds(params)) return null;
  const saltBytes = fromBase64(salt!);
  const hashBytes = fromBase64(hash!);
  if (!saltBytes || !hashBytes || saltBytes.length < 8 || hashBytes.length < 16 || hashBytes.length > 64) return null;
  return { params, salt: saltBytes, hash: hashBytes };
}

function withinBounds({ m, t, p }: Argon2Params): boolean {
  return t >= 1 && t <= MAX_PARAMS.t && p >= 1 && p <= MAX_PARAMS.p && m >= 8 * p && m <= MAX_PARAMS.m;
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
