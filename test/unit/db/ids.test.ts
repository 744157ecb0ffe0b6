import { describe, expect, it } from 'vitest';
import { newId } from '../../../db/ids';

const body = (id: string) => id.slice(id.indexOf('_') + 1);

describe('newId', () => {
  it('is the prefix, then 26 Crockford base32 characters', () => {
    expect(newId('ord')).toMatch(/^ord_[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('sorts ids made in one millisecond in the order they were made', () => {
    const now = Date.now();
    const ids = Array.from({ length: 1000 }, () => newId('evt', now));
    expect(new Set(ids).size).toBe(1000);
    expect([...ids].sort()).toEqual(ids);
  });

  it('sorts by time across milliseconds, whatever the random part', () => {
    const now = Date.now();
    const later = newId('evt', now + 1);
    const earlier = newId('evt', now);
    expect(body(earlier) < body(later)).toBe(true);
    expect(body(earlier).slice(0, 10)).not.toBe(body(later).slice(0, 10));
  });

  it('keeps counting up through a carry in the random part', () => {
    const now = Date.now() + 10_000;
    const ids = Array.from({ length: 40 }, () => newId('x', now));
    // 40 increments of the last base-32 digit cross at least one carry into the next one.
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids.map((id) => id.slice(-2, -1))).size).toBeGreaterThan(1);
  });
});
