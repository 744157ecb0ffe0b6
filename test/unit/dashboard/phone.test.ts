import { describe, expect, it } from 'vitest';
import { formatPhone } from '../../../app/lib/phone';

describe('phones as Argentines write them', () => {
  it.each([
    ['+5491166259127', '+54 9 11 6625-9127'],
    ['+5493415551234', '+54 9 341 555-1234'],
    ['+34612345678', '+34 612 34 56 78'],
  ])('%s reads %s', (stored, shown) => {
    expect(formatPhone(stored)).toBe(shown);
  });

  it('shows what it cannot parse as stored, and nothing for no phone', () => {
    expect(formatPhone('12')).toBe('12');
    expect(formatPhone(null)).toBe('');
  });
});
