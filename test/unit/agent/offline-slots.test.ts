import { describe, expect, it } from 'vitest';
import {
  extractAmount,
  extractDelivery,
  extractItem,
  extractPayment,
  parseAddress,
  splitItems,
} from '../../../workers/agent/llm/offline/slots';

describe('offline slots: items', () => {
  it.each([
    ['quiero 2 remeras negras talle M', { quantity: 2, talle: 'M', color: 'negro', productWords: ['remeras'] }],
    ['dos buzos grises', { quantity: 2, talle: null, color: 'gris', productWords: ['buzos'] }],
    ['una remera blanca en L', { quantity: 1, talle: 'L', color: 'blanco', productWords: ['remera'] }],
    ['unas zapatillas running 42', { quantity: 1, talle: '42', color: null, productWords: ['zapatillas', 'running'] }],
    [
      'el buzo canguro gris melange talle S',
      { quantity: null, talle: 'S', color: 'gris melange', productWords: ['buzo', 'canguro'] },
    ],
    ['gorra azul marino talle único', { quantity: null, talle: 'U', color: 'azul marino', productWords: ['gorra'] }],
    ['3 pares de medias 41-45', { quantity: 3, talle: '41-45', color: null, productWords: ['medias'] }],
    ['un jean del 40', { quantity: 1, talle: '40', color: null, productWords: ['jean'] }],
    ['la quiero en m', { quantity: null, talle: 'M', color: null, productWords: [] }],
    ['la básica', { quantity: null, talle: null, color: null, productWords: ['básica'] }],
  ])('%j', (text, slots) => {
    expect(extractItem(text)).toEqual(slots);
  });

  it('reads numbers after "$" or before "mil" as money, not quantities', () => {
    expect(extractItem('remera de $ 20 o menos').quantity).toBeNull();
    expect(extractItem('algo de 30 mil').quantity).toBeNull();
  });

  it('splits one request per product, a part naming none joining the previous', () => {
    expect(splitItems('quiero 2 remeras negras talle M y un buzo gris')).toEqual([
      'quiero 2 remeras negras talle M',
      'un buzo gris',
    ]);
    expect(splitItems('2 remeras, talle M')).toEqual(['2 remeras talle M']);
  });
});

describe('offline slots: delivery', () => {
  it('reads street, number, city and recipient after "envío a"', () => {
    expect(extractDelivery('envío a Av. Corrientes 1234, CABA, a nombre de Juan Pérez')).toEqual({
      method: 'DELIVERY',
      recipientName: 'Juan Pérez',
      address: { street: 'Av. Corrientes', number: '1234', city: 'CABA' },
    });
  });

  it('reads apartment, schedule and another way of naming the recipient', () => {
    expect(extractDelivery('mandalo a Thames 1500 piso 2 dto B, Palermo, recibe Ana Gómez por la tarde')).toEqual({
      method: 'DELIVERY',
      recipientName: 'Ana Gómez',
      schedule: 'por la tarde',
      address: { street: 'Thames', number: '1500', apartment: 'piso 2 dto B', city: 'Palermo' },
    });
  });

  it('reads a postal code and a phone', () => {
    expect(extractDelivery('mi dirección es Rivadavia 5000 3°B, Caballito, CP 1406, tel 11 5555-1234')).toMatchObject({
      phone: '1155551234',
      address: { street: 'Rivadavia', number: '5000', apartment: '3°B', city: 'Caballito', postalCode: '1406' },
    });
  });

  it.each(['retiro en el local', 'lo paso a buscar', 'paso a retirar mañana'])('%j is a pickup', (text) => {
    expect(extractDelivery(text).method).toBe('PICKUP');
  });

  it('takes "envío a domicilio" as the method, not as an address', () => {
    expect(extractDelivery('envío a domicilio')).toEqual({ method: 'DELIVERY' });
  });

  it('reads a bare address only when asked to, and only with a street number', () => {
    expect(extractDelivery('Av. Santa Fe 3200, Recoleta')).toEqual({});
    expect(extractDelivery('Av. Santa Fe 3200, Recoleta', { assumeAddress: true })).toEqual({
      method: 'DELIVERY',
      address: { street: 'Av. Santa Fe', number: '3200', city: 'Recoleta' },
    });
    expect(extractDelivery('eso es todo', { assumeAddress: true })).toEqual({});
  });

  it('drops a place name before the street', () => {
    expect(parseAddress('Oficina, Av. Corrientes 1234, CABA')).toEqual({
      street: 'Av. Corrientes',
      number: '1234',
      city: 'CABA',
    });
  });
});

describe('offline slots: payments', () => {
  it.each([
    ['25000', 25_000_00],
    ['$25.000', 25_000_00],
    ['$ 12.500,50', 12_500_50],
    ['25 mil', 25_000_00],
    ['18k', 18_000_00],
    ['1.234.567', 1_234_567_00],
  ])('%j is %i centavos', (text, centavos) => {
    expect(extractAmount(text)).toBe(centavos);
  });

  it('reads method, amount and a reference that is not the amount', () => {
    expect(extractPayment('hice la transferencia, nro de operación 8812345, $45.800')).toEqual({
      method: 'TRANSFER',
      reference: '8812345',
      amount: 45_800_00,
    });
    expect(extractPayment('te pasé 25 mil por mercado pago')).toEqual({ method: 'MERCADOPAGO', amount: 25_000_00 });
    expect(extractPayment('pagué con tarjeta de débito')).toEqual({ method: 'CARD' });
  });
});
