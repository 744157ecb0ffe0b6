import { describe, expect, it } from 'vitest';
import { addDays, dayKey, formatMoney, moneyInput, parseMoney, startOfDayIso } from '../../../app/lib/format';
import { can } from '../../../app/lib/permissions';

describe('dashboard money formatting (integer centavos)', () => {
  it('formats centavos as es-AR currency', () => {
    expect(formatMoney(1_250_000, 'ARS')).toBe('$\u00a012.500,00');
    expect(formatMoney(199, 'ARS')).toBe('$\u00a01,99');
  });

  it.each([
    ['18500', 1_850_000],
    ['18.500', 1_850_000],
    ['18.500,50', 1_850_050],
    ['$ 1.234.567,5', 123_456_750],
    ['12500.5', 1_250_050],
    ['0,99', 99],
  ])('parses what an operator types: %s → %i centavos', (text, centavos) => {
    expect(parseMoney(text)).toBe(centavos);
  });

  it.each(['', 'abc', '12,345,6', '1.2.3', '-5', '10,999'])('refuses %j', (text) => {
    expect(parseMoney(text)).toBeNull();
  });

  it('turns centavos back into input text that parses to the same amount', () => {
    for (const centavos of [0, 5, 99, 100, 1_850_050, 123_456_700]) {
      expect(parseMoney(moneyInput(centavos))).toBe(centavos);
    }
  });
});

describe('dashboard day boundaries in the workspace time zone', () => {
  it('starts a Buenos Aires day at 03:00 UTC', () => {
    expect(startOfDayIso('2026-11-29', 'America/Argentina/Buenos_Aires')).toBe('2026-11-29T03:00:00.000Z');
  });

  it('follows daylight saving time (Madrid in July is UTC+2)', () => {
    expect(startOfDayIso('2026-07-01', 'Europe/Madrid')).toBe('2026-06-30T22:00:00.000Z');
  });

  it('puts 01:30 UTC on the previous Buenos Aires day and adds days across months', () => {
    expect(dayKey(new Date('2026-12-01T01:30:00Z'), 'America/Argentina/Buenos_Aires')).toBe('2026-11-30');
    expect(addDays('2026-11-29', 3)).toBe('2026-12-02');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});

describe('dashboard permission check', () => {
  it('matches the server rule: exact, resource wildcard or everything', () => {
    expect(can(['orders:read'], 'orders:read')).toBe(true);
    expect(can(['orders:*'], 'orders:confirm')).toBe(true);
    expect(can(['*'], 'roles:delete')).toBe(true);
    expect(can(['order:*', 'orders:read'], 'orders:confirm')).toBe(false);
    expect(can(undefined, 'orders:read')).toBe(false);
  });
});
