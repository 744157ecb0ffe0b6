/**
 * Our identifiers: a short prefix naming the entity (`usr_`, `ws_`, `ord_` …) then a
 * time-ordered 26-character Crockford base32 body (48-bit millisecond time + 80 random bits,
 * the ULID layout), so ids sort by creation time and make stable pagination cursors.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const ID_PREFIXES = {
  user: 'usr',
  workspace: 'ws',
  membership: 'mem',
  role: 'rol',
  refreshToken: 'rtk',
  passwordReset: 'pwr',
  audit: 'aud',
  mail: 'mail',
} as const;

export type IdPrefix = (typeof ID_PREFIXES)[keyof typeof ID_PREFIXES] | (string & {});

export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const random = crypto.getRandomValues(new Uint8Array(16));
  let body = '';
  for (const byte of random) body += ALPHABET[byte % 32];
  return `${prefix}_${time}${body}`;
}
