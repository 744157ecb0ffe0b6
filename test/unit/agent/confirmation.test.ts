import { describe, expect, it } from 'vitest';
import { CONFIRM_NO_ID, CONFIRM_YES_ID, isExplicitNo, isExplicitYes } from '../../../workers/agent/confirmation';

const YES = [
  'sí',
  'si',
  'Sí',
  'SI',
  'siii',
  'sí, confirmo',
  'Si confirmo',
  'sí, confirmo!',
  'confirmo',
  'Confirmo.',
  'confirmado',
  'dale',
  'Dale!',
  'daleee',
  'dale, confirmo',
  'de una',
  'De una!',
  'ok',
  'OK',
  'okey',
  'ok dale',
  'listo',
  'perfecto',
  'va',
  'claro',
  'sí, por favor',
  'dale, gracias',
  'sí, confirmo el pedido',
  'está bien',
  'de acuerdo',
  '👍',
  '👍🏽',
  '👍👍',
  'dale👍',
  'sí ✅',
  '  sí  ',
];

const NOT_YES = [
  'no',
  'No',
  'no, esperá',
  'esperá',
  'espera un toque',
  '¿sí?',
  'si?',
  'ok?',
  '¿confirmo?',
  'capaz',
  'capaz que sí',
  'sí pero cambiame el talle',
  'sí, pero cambiame el talle a L',
  'dale pero sacá el buzo',
  'no confirmo',
  'todavía no',
  'mmm',
  'no sé',
  'quizás',
  'tal vez',
  'sí, para el sábado',
  'quiero confirmar pero mañana',
  'hola',
  'cuánto sale el envío',
  '',
  '   ',
  '👎',
];

describe('isExplicitYes: an unambiguous yes, nothing else', () => {
  it.each(YES)('accepts %j as an explicit yes', (text) => {
    expect(isExplicitYes(text)).toBe(true);
    expect(isExplicitYes({ text, buttonId: null })).toBe(true);
  });

  it.each(NOT_YES)('does not take %j as a yes', (text) => {
    expect(isExplicitYes(text)).toBe(false);
    expect(isExplicitYes({ text, buttonId: null })).toBe(false);
  });

  it('accepts the confirm_yes button whatever its caption says', () => {
    expect(isExplicitYes({ text: null, buttonId: CONFIRM_YES_ID })).toBe(true);
    expect(isExplicitYes({ text: 'Sí, confirmo', buttonId: CONFIRM_YES_ID })).toBe(true);
    expect(isExplicitYes(CONFIRM_YES_ID)).toBe(true);
  });

  it('refuses the confirm_no button even with a yes-like caption', () => {
    expect(isExplicitYes({ text: 'ok', buttonId: CONFIRM_NO_ID })).toBe(false);
  });

  it('refuses a missing message', () => {
    expect(isExplicitYes(null)).toBe(false);
    expect(isExplicitYes(undefined)).toBe(false);
    expect(isExplicitYes({ text: null, buttonId: null })).toBe(false);
    expect(isExplicitYes({ text: null, buttonId: 'some_other_button' })).toBe(false);
  });
});

describe('isExplicitNo: the customer turns the summary down', () => {
  it.each([
    'no',
    'No, esperá',
    'esperá',
    'nop',
    'todavía no',
    'quiero cambiar algo',
    'no quiero',
    'mejor no',
    'cancelar',
  ])('takes %j as a no', (text) => {
    expect(isExplicitNo(text)).toBe(true);
  });

  it.each(['sí', 'dale', 'sí, confirmo', 'capaz', '¿cuánto sale el envío?', 'hola', ''])(
    'does not take %j as a no',
    (text) => {
      expect(isExplicitNo(text)).toBe(false);
    },
  );

  it('takes the confirm_no button as a no and the confirm_yes button as not a no', () => {
    expect(isExplicitNo({ text: null, buttonId: CONFIRM_NO_ID })).toBe(true);
    expect(isExplicitNo({ text: 'no', buttonId: CONFIRM_YES_ID })).toBe(false);
  });
});
