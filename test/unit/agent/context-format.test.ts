import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../../workers/agent/money';
import { agentProfile } from '../../../workers/agent/settings';

describe('formatMoney', () => {
  it('writes pesos the Argentine way: "$ 12.500", centavos only when there are any', () => {
    expect(formatMoney(1_250_000, 'ARS')).toBe('$ 12.500');
    expect(formatMoney(1_250_050, 'ARS')).toBe('$ 12.500,50');
    expect(formatMoney(1_250_005, 'ARS')).toBe('$ 12.500,05');
    expect(formatMoney(99, 'ARS')).toBe('$ 0,99');
    expect(formatMoney(0, 'ARS')).toBe('$ 0');
    expect(formatMoney(123_456_789_00)).toBe('$ 123.456.789');
    expect(formatMoney(-150_000, 'ARS')).toBe('-$ 1.500');
  });

  it('writes other currencies with their ISO code', () => {
    expect(formatMoney(1_999, 'USD')).toBe('USD 19,99');
  });
});

describe('agentProfile', () => {
  it('reads agent.model, agent.persona, agent.policies, businessHours, currency and timezone', () => {
    expect(
      agentProfile({
        currency: 'ARS',
        timezone: 'America/Argentina/Cordoba',
        language: 'es-AR',
        agent: { model: 'claude-haiku-5-5', persona: 'Sos Lola.', policies: 'Envíos gratis desde $ 50.000.' },
        businessHours: 'Lun a vie de 9 a 18',
      }),
    ).toEqual({
      agent: { model: 'claude-haiku-5-5', persona: 'Sos Lola.', policies: 'Envíos gratis desde $ 50.000.' },
      businessHours: 'Lun a vie de 9 a 18',
      currency: 'ARS',
      timezone: 'America/Argentina/Cordoba',
    });
  });

  it('ignores each malformed key on its own and falls back to ARS in Buenos Aires', () => {
    expect(
      agentProfile({ agent: { model: '', persona: 'Sos Lola.', policies: [42] }, businessHours: { lunes: 9 } }),
    ).toEqual({
      agent: { persona: 'Sos Lola.' },
      businessHours: null,
      currency: 'ARS',
      timezone: 'America/Argentina/Buenos_Aires',
    });
    expect(agentProfile(null).agent).toEqual({});
    expect(agentProfile({ agent: 'not an object' }).agent).toEqual({});
  });
});
