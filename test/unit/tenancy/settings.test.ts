import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, mergeSettings } from '../../../workers/core/tenancy/settings';

describe('workspace settings', () => {
  it('defaults to ARS, Buenos Aires and es-AR', () => {
    expect(mergeSettings(undefined, {})).toEqual({
      ok: true,
      value: { currency: 'ARS', timezone: 'America/Argentina/Buenos_Aires', language: 'es-AR' },
    });
    expect(mergeSettings(undefined, undefined)).toEqual({ ok: true, value: DEFAULT_SETTINGS });
  });

  it('merges a patch key by key over the current settings', () => {
    const current = { currency: 'USD', timezone: 'America/Montevideo', language: 'es-UY' };
    expect(mergeSettings(current, { timezone: 'UTC' })).toEqual({ ok: true, value: { ...current, timezone: 'UTC' } });
  });

  it('accepts real ISO 4217 codes, IANA zones and BCP 47 tags', () => {
    expect(mergeSettings(undefined, { currency: 'BRL', timezone: 'Europe/Madrid', language: 'pt-BR' }).ok).toBe(true);
  });

  it.each([
    [{ currency: 'ars' }, /settings\.currency/],
    [{ currency: 'XYZ' }, /Unknown ISO 4217/],
    [{ currency: 'PESOS' }, /settings\.currency/],
    [{ timezone: 'Mars/Olympus_Mons' }, /Unknown IANA time zone/],
    [{ timezone: '' }, /settings\.timezone/],
    [{ language: 'not a tag!' }, /BCP 47/],
    [{ colour: 'blue' }, /settings/],
    [{ currency: 42 }, /settings\.currency/],
  ])('refuses %j', (patch, message) => {
    const result = mergeSettings(undefined, patch);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('accepts the agent persona, policies, model, session timeout and business hours, replacing `agent` as a whole', () => {
    const agent = {
      persona: 'Sos Sofi, de Demo Store',
      policies: ['Envíos en CABA en 24 h'],
      sessionTimeoutMinutes: 45,
    };
    const withAgent = mergeSettings(undefined, { agent, businessHours: 'Lun a vie 9 a 18' });
    expect(withAgent).toEqual({ ok: true, value: { ...DEFAULT_SETTINGS, agent, businessHours: 'Lun a vie 9 a 18' } });
    if (!withAgent.ok) return;
    const replaced = mergeSettings(withAgent.value, { agent: { model: 'claude-haiku-5-5' } });
    expect(replaced.ok && replaced.value.agent).toEqual({ model: 'claude-haiku-5-5' });
    expect(replaced.ok && replaced.value.businessHours).toBe('Lun a vie 9 a 18');
  });

  it.each([
    [{ agent: { sessionTimeoutMinutes: 0 } }, /settings\.agent\.sessionTimeoutMinutes/],
    [{ agent: { persona: '' } }, /settings\.agent\.persona/],
    [{ agent: { mood: 'happy' } }, /settings\.agent/],
    [{ businessHours: 42 }, /settings\.businessHours/],
  ])('refuses agent settings %j', (patch, message) => {
    const result = mergeSettings(undefined, patch);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('refuses a settings value that is not an object', () => {
    expect(mergeSettings(undefined, 'ARS').ok).toBe(false);
  });
});
