import { describe, expect, it } from 'vitest';
import { listedIn, namedIn, resolveReferences } from '../../../workers/agent/llm/offline/references';
import { extractItem } from '../../../workers/agent/llm/offline/slots';

const remeras = [
  'Tengo estas opciones:',
  '• Remera oversize estampada — $ 27.500 (M, L, XL · Gris topo)',
  '• Remera básica de algodón — desde $ 22.900 (S, M, L, XL · Negro, Blanco)',
  '',
  '¿Cuál te gusta? Decime talle, color y cuántas querés.',
].join('\n');
const added =
  '✅ Te agregué 1 × Buzo canguro con capucha (Negro, talle M) — $ 58.000.\n\nTu pedido por ahora:\n• 1 × Buzo canguro con capucha (Negro, talle M) — $ 58.000\n*Total: $ 58.000*';
const one =
  'Tengo estas opciones:\n• Buzo canguro con capucha — $ 58.000 (S, M, L · Negro, Gris melange)\n\n¿Cuál te gusta?';

describe('offline references to what the agent showed', () => {
  it('reads the products of a list reply in order, not the order lines', () => {
    expect(listedIn(remeras).map((p) => [p.name, p.price, p.talles])).toEqual([
      ['Remera oversize estampada', 27_500, ['M', 'L', 'XL']],
      ['Remera básica de algodón', 22_900, ['S', 'M', 'L', 'XL']],
    ]);
    expect(listedIn(added)).toEqual([]);
    expect(namedIn(added)).toMatchObject({ name: 'Buzo canguro con capucha', color: 'Negro', talle: 'M' });
  });

  it.each([
    ['la segunda en L', 'Remera básica de algodón en L'],
    ['dame la primera talle M', 'dame Remera oversize estampada talle M'],
    ['la 2 negra', 'Remera básica de algodón negra'],
    ['la ultima talle XL', 'Remera básica de algodón talle XL'],
    ['la mas barata en blanco', 'Remera básica de algodón en blanco'],
    ['el mas caro', 'Remera oversize estampada'],
  ])('%j after a list → %j', (text, resolved) => {
    expect(resolveReferences(text, remeras)).toBe(resolved);
  });

  it('"esa en talle chico" is the one product shown, in its smallest talle', () => {
    const text = resolveReferences('quiero esa en talle chico, negra', one);
    expect(extractItem(text)).toMatchObject({
      talle: 'S',
      color: 'negro',
      productWords: ['buzo', 'canguro', 'capucha'],
    });
  });

  it('"la misma pero en otro color" is the line just added, same talle, any colour but its own', () => {
    const text = resolveReferences('la misma pero en otro color', added);
    expect(extractItem(text)).toMatchObject({ talle: 'M', color: null, notColor: 'negro' });
  });

  it('"la otra" is the option of the earlier list the agent did not add', () => {
    const addedBasic = '✅ Te agregué 1 × Remera básica de algodón (Negro, talle M) — $ 22.900.';
    expect(resolveReferences('en vez de esa la otra', addedBasic, [remeras])).toContain('Remera oversize estampada');
  });

  it.each(['eso es todo', 'la segunda', 'quiero 2 remeras'])('%j with nothing shown stays as written', (text) => {
    expect(resolveReferences(text, null)).toBe(text);
    expect(resolveReferences('eso es todo', added)).toBe('eso es todo');
  });
});
