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

/** The last id's time and random digits: ids made within one millisecond count up from it. */
let last: { time: number; digits: number[] } | null = null;

/**
 * A new id for `now` (default the current time). Monotonic within an isolate: another id in the
 * same millisecond — common in Workers, whose clock stands still while code runs — takes the
 * previous random part plus one, so ids sort in the order they were made, as a transaction's rows
 * (its outbox events, say) were written.
 */
export function newId(prefix: IdPrefix, now: number = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const digits = last?.time === now ? increment(last.digits) : null;
  const random = digits ?? Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte % 32);
  last = { time: now, digits: random };
  return `${prefix}_${time}${random.map((d) => ALPHABET[d]).join('')}`;
}

/** The base-32 digits plus one; `null` when they were all at the maximum (a fresh random part is drawn). */
function increment(digits: number[]): number[] | null {
  const next = [...digits];
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i]! < 31) {
      next[i]! += 1;
      return next;
    }
    next[i] = 0;
  }
  return null;
}
