import { describe, expect, it } from 'vitest';
import type { SessionState } from '../../../workers/agent/fsm';
import { classify, type Intent } from '../../../workers/agent/llm/offline/intents';
import { readCustomerMessage, readTurn, type TurnView } from '../../../workers/agent/llm/offline/turn';

/** A turn whose customer message is `text`, after the agent said `agent` (answering earlier `history`). */
function view(text: string, options: { agent?: string; history?: string[] } = {}): TurnView {
  return {
    message: readCustomerMessage(text),
    history: (options.history ?? []).map(readCustomerMessage),
    lastAgentText: options.agent ?? null,
    agentTexts: options.agent ? [options.agent] : [],
    steps: [],
  };
}

const kind = (text: string, state: SessionState = 'IDLE', options?: Parameters<typeof view>[1]) =>
  classify(view(text, options), state).intent.kind;
const intent = <K extends Intent['kind']>(
  text: string,
  state: SessionState = 'IDLE',
  options?: Parameters<typeof view>[1],
) => classify(view(text, options), state).intent as Extract<Intent, { kind: K }>;

describe('offline intents', () => {
  it.each(['hola', 'Hola!', 'holaaa', 'buenas', 'Buen día', 'buenas tardes', 'qué tal'])('greeting: %j', (text) => {
    expect(kind(text)).toBe('greeting');
  });

  it('a greeting before a request keeps the request and greets back', () => {
    const result = classify(view('hola, quiero 2 remeras negras talle M'), 'IDLE');
    expect(result).toEqual({
      greeted: true,
      intent: { kind: 'add', items: [{ quantity: 2, talle: 'M', color: 'negro', productWords: ['remeras'] }] },
    });
  });

  it.each(['mostrame el catálogo', 'catálogo', '¿qué tenés?', 'que venden', 'quiero ver todos los productos'])(
    'catalogue: %j',
    (text) => {
      expect(kind(text)).toBe('catalog');
    },
  );

  it('catalogue of a category keeps its words', () => {
    expect(intent<'catalog'>('mostrame el catálogo de buzos')).toEqual({ kind: 'catalog', query: 'buzos' });
  });

  it.each([
    ['¿qué remeras tenés?', ['remeras']],
    ['tenés buzos?', ['buzos']],
    ['¿cuánto sale el jean mom?', ['jean', 'mom']],
    ['precio de las zapatillas', ['zapatillas']],
    ['remeras', ['remeras']],
  ])('browse: %j', (text, words) => {
    const result = intent<'browse'>(text);
    expect(result.kind).toBe('browse');
    expect(result.item.productWords).toEqual(words);
  });

  it.each([
    ['quiero 2 remeras negras talle M', { quantity: 2, talle: 'M', color: 'negro', productWords: ['remeras'] }],
    ['dame dos buzos grises en L', { quantity: 2, talle: 'L', color: 'gris', productWords: ['buzos'] }],
    ['me llevo una remera blanca talle S', { quantity: 1, talle: 'S', color: 'blanco', productWords: ['remera'] }],
    ['sumame 3 medias', { quantity: 3, talle: null, color: null, productWords: ['medias'] }],
    [
      'quiero unas zapatillas running 42',
      { quantity: 1, talle: '42', color: null, productWords: ['zapatillas', 'running'] },
    ],
    ['agregame un jean recto del 40', { quantity: 1, talle: '40', color: null, productWords: ['jean', 'recto'] }],
  ])('add: %j', (text, item) => {
    expect(intent<'add'>(text)).toEqual({ kind: 'add', items: [item] });
  });

  it('add: several products in one message, one request each', () => {
    const result = intent<'add'>('quiero 2 remeras negras talle M y un buzo gris');
    expect(result.items.map((i) => [i.quantity, i.productWords, i.color])).toEqual([
      [2, ['remeras'], 'negro'],
      [1, ['buzo'], 'gris'],
    ]);
  });

  it('wanting something without naming it asks which product', () => {
    expect(kind('quiero 2 negras')).toBe('which_product');
  });

  it.each(['cambiame la remera a talle L', 'cambiá el buzo a gris', 'mejor en L la remera'])('change: %j', (text) => {
    expect(kind(text, 'COLLECTING_ORDER')).toBe('change');
  });

  it.each([
    ['que sean 3', 3],
    ['uh no, poneme 4', 4],
    ['no, mejor dos', 2],
    ['ups, eran 5', 5],
  ])('a quantity correction without a product: %j', (text, quantity) => {
    expect(intent<'quantity'>(text, 'COLLECTING_ORDER')).toEqual({ kind: 'quantity', quantity });
    expect(intent<'quantity'>(text, 'AWAITING_CONFIRMATION')).toEqual({ kind: 'quantity', quantity });
  });

  it.each(['puede ser', 'mmm', 'no sé', 'capaz', 'tal vez'])(
    '%j at the summary is unsure, never a yes or a no',
    (text) => {
      expect(kind(text, 'AWAITING_CONFIRMATION')).toBe('unsure');
    },
  );

  it.each(['después te digo', 'dejame pensarlo', 'te confirmo mas tarde'])('%j at the summary holds it', (text) => {
    expect(kind(text, 'AWAITING_CONFIRMATION')).toBe('hold');
  });

  it.each([
    ['cuanto sale el envio a caballito?', 'shipping'],
    ['hacen envios a cordoba?', 'shipping'],
    ['aceptan mercado pago?', 'payment_methods'],
    ['como puedo pagar?', 'payment_methods'],
    ['a que hora abren?', 'hours'],
    ['que horario tienen', 'hours'],
  ])('a question about the shop: %j', (text, topic) => {
    expect(intent<'info'>(text, 'COLLECTING_ORDER')).toEqual({ kind: 'info', topic });
    expect(intent<'info'>(text, 'AWAITING_CONFIRMATION')).toEqual({ kind: 'info', topic });
  });

  it.each(['sacá el buzo', 'sacame la remera', 'quitá las medias', 'eliminá el jean', 'no quiero más el buzo'])(
    'remove: %j',
    (text) => {
      expect(kind(text, 'COLLECTING_ORDER')).toBe('remove');
    },
  );

  it.each([
    ['envío a Av. Corrientes 1234, CABA, a nombre de Juan Pérez', 'DELIVERY'],
    ['mandalo a Thames 1500, Palermo', 'DELIVERY'],
    ['mi dirección es Rivadavia 5000, Caballito', 'DELIVERY'],
    ['retiro en el local', 'PICKUP'],
    ['lo paso a buscar', 'PICKUP'],
  ])('delivery: %j', (text, method) => {
    expect(intent<'delivery'>(text, 'COLLECTING_ORDER').delivery.method).toBe(method);
  });

  it('a shared location is a delivery to its address', () => {
    const result = intent<'delivery'>('[location] Av. Santa Fe 3200, Recoleta (-34.59, -58.41)', 'NEEDS_DETAILS');
    expect(result).toMatchObject({ kind: 'delivery', location: true, delivery: { method: 'DELIVERY' } });
    expect(result.delivery.address).toMatchObject({ street: 'Av. Santa Fe', number: '3200', city: 'Recoleta' });
  });

  it.each(['eso es todo', 'nada más', 'listo, cerramos', 'quiero confirmar el pedido', '¿cómo sigo?'])(
    'finish: %j',
    (text) => {
      expect(kind(text, 'COLLECTING_ORDER')).toBe('finish');
    },
  );

  it.each(['dale', 'sí, confirmo', 'Sí', 'de una', '👍', 'ok'])('confirm while awaiting confirmation: %j', (text) => {
    expect(kind(text, 'AWAITING_CONFIRMATION')).toBe('confirm');
  });

  it('the confirm_yes button confirms', () => {
    expect(kind('[button] confirm_yes Sí, confirmo', 'AWAITING_CONFIRMATION')).toBe('confirm');
    expect(kind('confirm_yes', 'AWAITING_CONFIRMATION')).toBe('confirm');
  });

  it.each(['no', 'no, esperá', 'esperá', 'quiero cambiar algo'])('decline while awaiting confirmation: %j', (text) => {
    expect(kind(text, 'AWAITING_CONFIRMATION')).toBe('decline');
  });

  it('a "no" with a change is the change, not a bare decline', () => {
    expect(kind('no, cambiame la remera a talle L', 'AWAITING_CONFIRMATION')).toBe('change');
  });

  it('"dale" outside a confirmation is not a confirmation', () => {
    expect(kind('dale', 'COLLECTING_ORDER')).toBe('affirm');
    expect(kind('¿sí?', 'AWAITING_CONFIRMATION')).toBe('unknown');
  });

  it.each([
    ['te pagué por transferencia 25000', { method: 'TRANSFER', amount: 25_000_00 }],
    ['ya transferí $25.000', { method: 'TRANSFER', amount: 25_000_00 }],
    ['te pasé 18 mil por mercado pago', { method: 'MERCADOPAGO', amount: 18_000_00 }],
    ['pagué en efectivo', { method: 'CASH' }],
  ])('payment: %j', (text, payment) => {
    expect(intent<'payment'>(text, 'DONE')).toEqual({ kind: 'payment', payment });
  });

  it.each(['[image]', '[imagen] comprobante', '📷', '[document] transferencia.pdf'])('receipt: %j', (text) => {
    expect(kind(text, 'DONE')).toBe('receipt');
  });

  it('an image captioned with a payment carries it', () => {
    expect(intent<'receipt'>('[image] te transferí 22900', 'DONE').payment).toEqual({
      method: 'TRANSFER',
      amount: 22_900_00,
    });
  });

  it.each(['quiero hablar con una persona', 'pasame con un humano', 'me atiende alguien?', 'quiero un asesor'])(
    'handoff: %j',
    (text) => {
      expect(kind(text, 'COLLECTING_ORDER')).toBe('handoff');
    },
  );

  it('"una remera para regalarle a una persona" is an order, not a handoff', () => {
    expect(kind('quiero una remera para regalarle a una persona')).toBe('add');
  });

  it.each(['gracias', 'muchas gracias!', 'genial, gracias'])('thanks: %j', (text) => {
    expect(kind(text, 'DONE')).toBe('thanks');
  });

  it.each(['asdfgh', '???', 'jajaja', 'el clima está lindo hoy'])('unknown or a guess at a product: %j', (text) => {
    expect(['unknown', 'browse']).toContain(kind(text));
  });

  it('marks a lone unknown word as a product guess without a question cue', () => {
    expect(intent<'browse'>('asdfgh')).toMatchObject({ kind: 'browse', cue: false });
    expect(intent<'browse'>('¿tenés asdfgh?')).toMatchObject({ kind: 'browse', cue: true });
  });
});

describe('offline intents: answers to the agent’s last question', () => {
  it('"M" after "¿En qué talle…?" completes the earlier request', () => {
    const result = intent<'add'>('M', 'COLLECTING_ORDER', {
      agent: '¿En qué talle querés Remera oversize estampada? Tengo M, L o XL.',
      history: ['quiero una remera oversize'],
    });
    expect(result).toEqual({
      kind: 'add',
      items: [{ quantity: 1, talle: 'M', color: null, productWords: ['remera', 'oversize'] }],
    });
  });

  it('"la básica" after "¿Cuál querés?" narrows the earlier request, keeping its colour and talle', () => {
    const result = intent<'add'>('la básica', 'IDLE', {
      agent: 'Tengo varias opciones:\n• …\n\n¿Cuál querés?',
      history: ['quiero 2 remeras negras talle M'],
    });
    expect(result.items).toEqual([{ quantity: 2, talle: 'M', color: 'negro', productWords: ['remeras', 'básica'] }]);
  });

  it('"sí" after "¿Querés que te agregue 1?" adds that many', () => {
    const result = intent<'add'>('sí', 'COLLECTING_ORDER', {
      agent: 'De Zapatillas running (Negro, talle 43) solo me quedan 1. ¿Querés que te agregue 1?',
      history: ['quiero 3 zapatillas running talle 43'],
    });
    expect(result.items[0]).toMatchObject({ quantity: 1, talle: '43', productWords: ['zapatillas', 'running'] });
  });

  it('a name after "¿A nombre de quién…?" completes the earlier pickup', () => {
    const result = intent<'delivery'>('Ana Gómez', 'COLLECTING_ORDER', {
      agent: '¿A nombre de quién va el pedido?',
      history: ['retiro en el local'],
    });
    expect(result.delivery).toEqual({ method: 'PICKUP', recipientName: 'Ana Gómez' });
  });

  it('a city after "¿En qué localidad…?" completes the earlier address', () => {
    const result = intent<'delivery'>('Palermo', 'COLLECTING_ORDER', {
      agent: '¿En qué localidad o barrio es la dirección?',
      history: ['envío a Thames 1500'],
    });
    expect(result.delivery).toMatchObject({
      method: 'DELIVERY',
      address: { street: 'Thames', number: '1500', city: 'Palermo' },
    });
  });

  it('an address after "¿Cómo preferís recibirlo?" is a delivery even without "envío a"', () => {
    const result = intent<'delivery'>('Av. Cabildo 2000, Belgrano, a nombre de Lucía', 'COLLECTING_ORDER', {
      agent: '¿Cómo preferís recibirlo? Puede ser envío a domicilio…',
    });
    expect(result.delivery).toMatchObject({
      method: 'DELIVERY',
      recipientName: 'Lucía',
      address: { city: 'Belgrano' },
    });
  });

  it('an amount after "¿Por qué monto…?" completes the earlier payment', () => {
    const result = intent<'payment'>('25.000', 'DONE', {
      agent: '¿Por qué monto fue el pago?',
      history: ['ya te transferí'],
    });
    expect(result.payment).toEqual({ method: 'TRANSFER', amount: 25_000_00 });
  });
});

describe('reading the request', () => {
  it('reads the customer in a merged user message, leaving out tool results and system or operator lines', () => {
    const turn = readTurn({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'tool_result', toolUseId: 'old', content: '{}' },
            { type: 'text', text: '[Aviso del sistema] La persona del equipo devolvió la conversación al asistente.' },
            { type: 'text', text: 'hola' },
            { type: 'text', text: 'quiero una gorra' },
          ],
        },
      ],
    });
    expect(turn.message).toEqual({ text: 'hola\nquiero una gorra', media: null, buttonId: null });
    expect(turn.steps).toEqual([]);
  });

  it('drops a place name before the street of a shared location', () => {
    const result = classify(
      view('[El cliente compartió una ubicación: Oficina, Av. Corrientes 1234, CABA (-34.6037, -58.3816)]'),
      'NEEDS_DETAILS',
    ).intent as Extract<Intent, { kind: 'delivery' }>;
    expect(result.delivery.address).toEqual({ street: 'Av. Corrientes', number: '1234', city: 'CABA' });
  });

  it('classifies an audio as media it cannot use', () => {
    expect(kind('[El cliente envió un audio, que no podés ver ni escuchar]')).toBe('unsupported_media');
  });

  it('takes the last user text as the message, the tool calls after it as steps, and the reply before it', () => {
    const turn = readTurn({
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'hola' }] },
        { role: 'assistant', content: [{ type: 'text', text: '¡Hola! ¿Qué buscás?' }] },
        { role: 'user', content: [{ type: 'text', text: 'quiero una gorra' }] },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 't1', name: 'list_products', input: { query: 'gorra' } }],
        },
        { role: 'user', content: [{ type: 'tool_result', toolUseId: 't1', content: '{"products":[]}' }] },
        {
          role: 'assistant',
          content: [{ type: 'tool_use', id: 't2', name: 'add_item_to_draft', input: { sku: 'X', quantity: 1 } }],
        },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              toolUseId: 't2',
              content: '{"error":{"code":"PRODUCT_NOT_FOUND","message":"no"}}',
              isError: true,
            },
          ],
        },
      ],
    });
    expect(turn.message).toEqual({ text: 'quiero una gorra', media: null, buttonId: null });
    expect(turn.history.map((m) => m.text)).toEqual(['hola']);
    expect(turn.lastAgentText).toBe('¡Hola! ¿Qué buscás?');
    expect(turn.steps).toEqual([
      { name: 'list_products', input: { query: 'gorra' }, ok: true, data: { products: [] }, error: null },
      {
        name: 'add_item_to_draft',
        input: { sku: 'X', quantity: 1 },
        ok: false,
        data: null,
        error: { code: 'PRODUCT_NOT_FOUND', message: 'no' },
      },
    ]);
  });

  it.each([
    [
      '[El cliente envió una imagen (mensaje msg_01ABC): "comprobante"] te transferí 18500',
      { text: 'comprobante te transferí 18500', media: 'image', buttonId: null, messageId: 'msg_01ABC' },
    ],
    [
      '[El cliente envió un documento "pago.pdf" (mensaje msg_02)]',
      { text: '', media: 'document', buttonId: null, messageId: 'msg_02' },
    ],
    [
      '[El cliente compartió una ubicación: Oficina, Av. Corrientes 1234, CABA (-34.6037, -58.3816)]',
      { text: 'Oficina, Av. Corrientes 1234, CABA (-34.6037, -58.3816)', media: 'location', buttonId: null },
    ],
    [
      '[El cliente compartió una ubicación: sin dirección (-34.6, -58.4)]',
      { text: '(-34.6, -58.4)', media: 'location', buttonId: null },
    ],
    ['[El cliente envió un audio, que no podés ver ni escuchar]', { text: '', media: 'unsupported', buttonId: null }],
    ['[image] mi comprobante', { text: 'mi comprobante', media: 'image', buttonId: null }],
    ['[documento]', { text: '', media: 'document', buttonId: null }],
    ['📍 Av. Corrientes 1234', { text: 'Av. Corrientes 1234', media: 'location', buttonId: null }],
    ['[button] confirm_no Quiero cambiar algo', { text: 'Quiero cambiar algo', media: null, buttonId: 'confirm_no' }],
  ])('reads the marker of %j', (raw, message) => {
    expect(readCustomerMessage(raw)).toEqual(message);
  });
});
